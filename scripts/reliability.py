"""The full reliability run of issue 17 (``make reliability``): load, saturation, faults, hostile input.

Starts the real system (Rasa, the action server, the gateway) on free loopback ports with a
fresh ``$ECOASSIST_HOME`` under a temporary directory and raised per-address rate limits (all
simulated users share 127.0.0.1), then, in order:

1. load: N users (``--users``, default 10, 50, 100) with a person's pauses, one in five of
   them on WeChat (signed pushes; the API's answers reach a fake WeChat server on loopback),
   then the exactly-once ledger against the database;
2. saturation without pauses, through the gateway and against bare Rasa's REST webhook;
3. hostile input on every route, and schemathesis against ``/openapi.json``;
4. ``kill -9`` under load of Rasa, the action server and the gateway, each restarted;
   a locked database;
5. the gateway alone with its default limits: a burst on one session and new conversations
   from one address get 429 with ``Retry-After`` and a Chinese detail;
6. on a second system whose database lives on a small tmpfs (needs root): disk full and a
   read-only database.

Writes ``report.md`` and ``report.json`` to ``--out`` (default ``results/reliability``) and
exits 1 when any check failed. Everything is bounded: it stops by itself in about 15 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.api.wechat_server import fake_wechat
from tests.integration.system import RunningSystem
from tests.reliability.conversation import Pauses
from tests.reliability.environment import WECHAT_TOKEN, harness_system
from tests.reliability.fuzzing import fuzz_verdict
from tests.reliability.hostile import sweep
from tests.reliability.ledger import check_ledger
from tests.reliability.limits import check_limits
from tests.reliability.load import run_users, warm_up
from tests.reliability.outages import gateway_outage, part_outage
from tests.reliability.report import LoadRow, Results, write
from tests.reliability.saturation import drained, gateway_request, rasa_request, saturate
from tests.reliability.storage import disk_full, locked, read_only, small_filesystem
from tests.reliability.verdict import Verdict
from tests.reliability.wechat import sweep_wechat
from tests.reliability.wechat_users import WeChatLine

logger = logging.getLogger("reliability")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="10,50,100", help="comma-separated numbers of simulated users ('' for none)")
    parser.add_argument("--pause", default="2,6", help="a person's pause before each message: low,high seconds")
    parser.add_argument("--step-seconds", type=float, default=12.0, help="length of each saturation step")
    parser.add_argument("--max-workers", type=int, default=32, help="most concurrent senders in saturation")
    parser.add_argument("--fault-users", type=int, default=10, help="simulated users during each fault")
    parser.add_argument("--fuzz-examples", type=int, default=25, help="schemathesis examples per operation")
    parser.add_argument("--fuzz-seconds", type=int, default=60, help="schemathesis time budget")
    parser.add_argument("--no-faults", action="store_true", help="only load and saturation")
    parser.add_argument("--out", type=Path, default=Path("results/reliability"))
    return parser.parse_args()


async def load_and_saturation(
    system: RunningSystem, wechat: WeChatLine, args: argparse.Namespace, results: Results
) -> None:
    low, high = (float(x) for x in args.pause.split(","))
    await warm_up(system.gateway_url)
    for users in (int(n) for n in args.users.split(",") if n.strip()):
        pauses = Pauses(low, high)
        run = await run_users(system.gateway_url, users=users, pauses=pauses, prefix=f"load{users}", wechat=wechat)
        ledger = await asyncio.to_thread(check_ledger, system.database, run.recorder.sent)
        verdict = Verdict(f"{users} users with pauses")
        verdict.check("no 5xx", run.figures.server_errors == 0, run.figures.line())
        verdict.check("every message stored exactly once", ledger.ok, ledger.line())
        verdict.check("every message answered", not run.recorder.problems, "; ".join(run.recorder.problems[:5]))
        verdict.check("p95 ≤ 1 s", run.figures.p95 <= 1.0, f"p95 {run.figures.p95 * 1000:.0f} ms")
        verdict.notes.append(f"{run.wechat_users} of the {users} users on WeChat")
        results.verdicts.append(verdict)
        outcome = "ok" if ledger.ok else "FAILED"
        results.loads.append(LoadRow(users, run.figures, run.conversations_completed, outcome, run.latency_by_kind()))
    for url, request, target in (
        (system.gateway_url, gateway_request, "gateway"),
        (system.rasa_url, rasa_request, "bare Rasa"),
    ):
        results.settings[f"waited for Rasa to drain before {target} (s)"] = round(await drained(system.rasa_url))
        prefix = "sat-" + target.replace(" ", "-")
        step, most = args.step_seconds, args.max_workers
        results.saturations.append(
            await saturate(url, request, target=target, step_s=step, max_workers=most, prefix=prefix)
        )


async def hostile(system: RunningSystem, args: argparse.Namespace, results: Results) -> None:
    def swept() -> Verdict:
        verdict = Verdict("hostile input on every route")
        sweep(system.gateway_url, verdict)
        sweep_wechat(system.gateway_url, WECHAT_TOKEN, verdict)
        return verdict

    def fuzzed() -> Verdict:
        limits = {"max_examples": args.fuzz_examples, "max_time_s": args.fuzz_seconds}
        return fuzz_verdict(system.gateway_url, args.out, **limits)[0]

    await guarded("hostile input on every route", asyncio.to_thread(swept), results)
    await guarded("schemathesis against /openapi.json", asyncio.to_thread(fuzzed), results)


async def guarded(name: str, scenario: Awaitable[Verdict], results: Results) -> None:
    """Run one scenario; if the harness itself fails, that is a failed verdict, and the run goes on."""
    try:
        results.verdicts.append(await scenario)
    except Exception as exc:  # any crash of the harness becomes a reported failure
        logger.exception("%s crashed", name)
        crashed = Verdict(name)
        crashed.check("the scenario ran to its end", False, f"{type(exc).__name__}: {str(exc)[:300]}")
        results.verdicts.append(crashed)


async def outages(system: RunningSystem, args: argparse.Namespace, results: Results) -> None:
    pauses, users = Pauses(0.5, 2.0), args.fault_users
    for part in ("rasa", "actions"):
        scenario = part_outage(system, part, users=users, pauses=pauses, prefix=f"kill-{part}")
        await guarded(f"kill -9 {part} under load", scenario, results)
    scenario = gateway_outage(system, users=users, pauses=pauses, prefix="kill-gateway")
    await guarded("kill -9 gateway under load", scenario, results)
    await guarded("database locked", locked(system, users=users, pauses=pauses, prefix="locked"), results)


async def storage(system: RunningSystem, mount: Path, args: argparse.Namespace, results: Results) -> None:
    pauses, users = Pauses(0.5, 2.0), args.fault_users
    await guarded("disk full", disk_full(system, mount, users=users, pauses=pauses, prefix="full"), results)
    await guarded("read-only database", read_only(system, mount, users=users, pauses=pauses, prefix="ro"), results)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = arguments()
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    results = Results(settings={k: v for k, v in vars(args).items() if k != "out"})
    results.settings["load average before"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ecoassist-reliability-") as scratch:
        work = Path(scratch)
        with fake_wechat() as api, harness_system(work / "main", wechat_api=api) as system:
            wechat = WeChatLine(WECHAT_TOKEN, api, system.database)
            asyncio.run(load_and_saturation(system, wechat, args, results))
            if args.no_faults:
                return finish(results, args, started)
            asyncio.run(hostile(system, args, results))
            asyncio.run(outages(system, args, results))
        with harness_system(work / "limits", default_limits=True, only=("gateway",)) as gateway:
            asyncio.run(guarded("rate limits", asyncio.to_thread(check_limits, gateway.gateway_url), results))
        with small_filesystem(work / "small-fs") as mount:
            if mount is None:
                skipped = Verdict("disk full and read-only database")
                skipped.check("a small filesystem could be mounted (needs root)", False, "not run")
                results.verdicts.append(skipped)
            else:
                with harness_system(work / "storage", database=mount / "ecoassist.db") as system:
                    asyncio.run(storage(system, mount, args, results))
    return finish(results, args, started)


def finish(results: Results, args: argparse.Namespace, started: float) -> int:
    """Write the report, print it and the failures; 1 when any check failed."""
    results.seconds = time.monotonic() - started
    results.settings["load average after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    report = write(results, args.out)
    print(report.read_text("utf-8"))
    for failure in results.failures:
        print("FAILED", failure)
    print(f"report: {report} ({results.seconds / 60:.1f} min)")
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())

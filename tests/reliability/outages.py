"""``kill -9`` of one part under load, then its restart: Rasa, the action server, the gateway.

Each scenario runs simulated users, waits until the load is under way, kills the part's whole
process group, lets the users meet the outage, starts the part again on its port and waits on
``/health``. Then it judges: no 5xx, every answer during the outage within 5 s and clear
(Rasa: the 系统繁忙 notice with its ``/leave_message`` button, which opens a hand-off without
Rasa), service resumed by itself, and every message in the database exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import time

from tests.integration.system import RunningSystem
from tests.reliability.conversation import Pauses
from tests.reliability.exchange import Recorder, Sent
from tests.reliability.ledger import check_ledger
from tests.reliability.load import http_client, run_users
from tests.reliability.probes import (
    escalation_state,
    health,
    integrity,
    leaks_in,
    leave_message,
    offers_leave_message,
    resumed,
    secrets_of,
)
from tests.reliability.verdict import Verdict, when

logger = logging.getLogger(__name__)

CLEAR_REPLY_S = 5.0
RESTART_TIMEOUT_S = 240.0


def _in(sent: Sent, start: float, end: float) -> bool:
    return start <= sent.started <= end


def _acknowledged(recorder: Recorder) -> int:
    return sum(s.acknowledged for s in recorder.sent)


async def part_outage(system: RunningSystem, part: str, *, users: int, pauses: Pauses, prefix: str) -> Verdict:
    """Kill ``part`` (``rasa`` or ``actions``) under load, check the answers during the outage and after."""
    parts = system.parts
    assert parts is not None
    verdict = Verdict(f"kill -9 {part} under load")
    window: dict[str, float] = {}
    probe: dict[str, Sent | None] = {}

    async def fault(recorder: Recorder) -> None:
        await when(lambda: _acknowledged(recorder) >= users, timeout=120, what="the load to get going")
        window["kill"] = time.monotonic()
        parts.kill(part)
        async with http_client(system.gateway_url) as client:
            probe["asked"], probe["left"] = await leave_message(client, recorder, f"{prefix}-leave")
            status, body = await health(client)
            verdict.check("health names the part down, without URL/secret/path", status == 503 and part in body)
            leaks = leaks_in(body, secrets_of(system))
            verdict.check("health leaks nothing", not leaks, f"/health body contains {', '.join(leaks)}: {body[:300]}")
        await when(lambda: sum(s.started > window["kill"] for s in recorder.sent) >= users, timeout=60, what="outage")
        window["restart"] = time.monotonic()
        parts.start(part)
        await asyncio.to_thread(system.wait_healthy, RESTART_TIMEOUT_S)
        window["healthy"] = time.monotonic()

    run = await run_users(system.gateway_url, users=users, pauses=pauses, prefix=prefix, give_up_s=90, during=fault)
    verdict.figures = run.figures
    verdict.timings = {"restart_to_healthy_s": window.get("healthy", 0) - window.get("restart", 0)}
    start, end = window.get("kill", 0.0), window.get("healthy", time.monotonic())
    during = [s for s in run.recorder.sent if _in(s, start, end)]
    samples = [s for s in run.recorder.samples if start <= s.started <= end]
    server_errors = [s.status for s in run.recorder.samples if isinstance(s.status, int) and s.status >= 500]
    verdict.check("no 5xx", not server_errors, f"{len(server_errors)} answers were {sorted(set(server_errors))}")
    slow = [s for s in samples if s.latency > CLEAR_REPLY_S or s.status != 200]
    slow_sent = [s for s in during if s.first_latency > CLEAR_REPLY_S]
    verdict.check(
        f"every answer during the outage a 200 within {CLEAR_REPLY_S:.0f} s",
        bool(samples) and not slow,
        f"{len(slow)} of {len(samples)}: "
        + ", ".join(f"{s.status} in {s.latency:.1f}s" for s in slow[:5])
        + "; e.g. "
        + ", ".join(f"{s.text[:14]!r} ({s.session_id}) {s.first_latency:.1f}s" for s in slow_sent[:3]),
    )
    unclear = [s for s in during if s.state == "bot" and not s.replies]
    verdict.check("every message during the outage answered", not unclear, f"{len(unclear)} got no reply")
    if part == "rasa":
        busy = [s for s in during if s.state == "bot" and not offers_leave_message(s)]
        verdict.check("the busy notice offers /leave_message", bool(during) and not busy, f"{len(busy)} did not")
        left = probe.get("left")
        state = escalation_state(system.database, f"{prefix}-leave")
        verdict.check(
            "/leave_message hands over to staff without Rasa",
            left is not None and left.state == "waiting" and state == "waiting",
            f"reply state {left.state if left else 'no /leave_message button offered'}, escalation {state}",
        )
    async with http_client(system.gateway_url) as client:
        after = Recorder()
        answered, total = await resumed(client, after, [f"{prefix}-after", *run.sessions])
    verdict.check("service resumed by itself", total > 0 and answered == total, f"{answered} of {total} answered")
    verdict.ledger = check_ledger(system.database, [*run.recorder.sent, *after.sent])
    verdict.check("every message stored exactly once", verdict.ledger.ok, verdict.ledger.line())
    return verdict


async def gateway_outage(system: RunningSystem, *, users: int, pauses: Pauses, prefix: str) -> Verdict:
    """Kill the gateway under load and start it again: nothing acknowledged is lost, the file is intact."""
    parts = system.parts
    assert parts is not None
    verdict = Verdict("kill -9 gateway under load")
    window: dict[str, float] = {}

    async def fault(recorder: Recorder) -> None:
        await when(lambda: _acknowledged(recorder) >= users, timeout=120, what="the load to get going")
        window["kill"] = time.monotonic()
        parts.kill("gateway")
        parts.start("gateway")
        await asyncio.to_thread(system.wait_healthy, RESTART_TIMEOUT_S)
        window["healthy"] = time.monotonic()

    run = await run_users(system.gateway_url, users=users, pauses=pauses, prefix=prefix, give_up_s=120, during=fault)
    verdict.figures = run.figures
    verdict.timings = {"kill_to_healthy_s": window.get("healthy", 0) - window.get("kill", 0)}
    server_errors = [s.status for s in run.recorder.samples if isinstance(s.status, int) and s.status >= 500]
    verdict.check("no 5xx", not server_errors, f"{len(server_errors)} answers were {sorted(set(server_errors))}")
    lost_connections = sum(isinstance(s.status, str) for s in run.recorder.samples)
    verdict.notes.append(f"{lost_connections} attempts lost their connection and were retried with the same client_id")
    unacknowledged = [s for s in run.recorder.sent if not s.acknowledged]
    verdict.check("every message acknowledged after retries", not unacknowledged, f"{len(unacknowledged)} never were")
    empty = [s for s in run.recorder.sent if s.empty_duplicate]
    verdict.check("a retry gets the replies it had", not empty, f"{len(empty)} got duplicate=true and nothing")
    async with http_client(system.gateway_url) as client:
        after = Recorder()
        answered, total = await resumed(client, after, [f"{prefix}-after"])
    verdict.check("service resumed", total > 0 and answered == total, f"{answered} of {total} answered")
    verdict.ledger = check_ledger(system.database, [*run.recorder.sent, *after.sent])
    verdict.check("no acknowledged message missing, none twice", verdict.ledger.ok, verdict.ledger.line())
    result = integrity(system.database)
    verdict.check("PRAGMA integrity_check = ok", result == "ok", result)
    return verdict

"""Storage faults under load: the database's filesystem fills up or is read-only, or the file is locked.

The gateway's database (``ECOASSIST_DATABASE``) lives on a small tmpfs mounted for the run
(:func:`small_filesystem`; mounting needs root, otherwise those scenarios are skipped and say
so). *Disk full*: a filler file takes every free byte, then is deleted. *Read-only*: Linux
refuses to remount a filesystem ``ro`` while a file on it is open for writing, so the
gateway is stopped, the tmpfs remounted ``ro`` and the gateway started on it; to clear, the
same with ``rw``. *Locked*: another connection holds ``BEGIN EXCLUSIVE`` (no mount needed).
While the fault lasts a refusal must be a 503 with a
Chinese ``detail`` and ``Retry-After``; the simulated users keep each message and retry it
with the same ``client_id``, as the widget does; afterwards every message must be answered
and stored exactly once, and ``PRAGMA integrity_check`` must say ok.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.integration.system import RunningSystem, wait_until
from tests.reliability.conversation import Pauses
from tests.reliability.exchange import Recorder
from tests.reliability.ledger import check_ledger
from tests.reliability.load import run_users
from tests.reliability.probes import integrity
from tests.reliability.verdict import Verdict, when

logger = logging.getLogger(__name__)

FILESYSTEM_MB = 64
FELT_TIMEOUT_S = 30.0
CHUNKS = (1024 * 1024, 4096, 512)
RESTART_TIMEOUT_S = 240.0
ANSWER_WITHIN_S = 15.0  # SQLite's busy timeout (10 s) and a margin: a clear error, not a hang


@contextmanager
def small_filesystem(path: Path, size_mb: int = FILESYSTEM_MB) -> Iterator[Path | None]:
    """A tmpfs of ``size_mb`` at ``path`` for the run, or ``None`` when it cannot be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        logger.warning("cannot mount a tmpfs at %s (%s): storage faults skipped", path, mounted.stderr.strip())
        yield None
        return
    try:
        yield path
    finally:
        remount(path, "rw")
        if subprocess.run(["umount", str(path)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def remount(path: Path, mode: str) -> None:
    """Remount ``ro`` or ``rw``; a file still open for writing (a process being reaped) makes
    ``ro`` fail with EBUSY for a moment, so it is retried until it succeeds or 10 s pass."""

    def done() -> bool:
        return subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], capture_output=True).returncode == 0

    wait_until(done, timeout=10.0, on_poll=lambda: None)


def fill(directory: Path) -> Path:
    """Write a filler file until the filesystem has no byte left; return it."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in CHUNKS:
            block = b"\0" * chunk
            try:
                while True:
                    out.write(block)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    return filler


async def storage_fault(
    system: RunningSystem,
    name: str,
    *,
    start: Callable[[], None],
    clear: Callable[[], None],
    users: int,
    pauses: Pauses,
    prefix: str,
) -> Verdict:
    """Run users, ``start`` the fault once they are under way, ``clear`` it once it was felt (or not)."""
    verdict = Verdict(name)
    window: dict[str, float] = {}

    def refused_since(recorder: Recorder, moment: float) -> int:
        return sum(1 for s in recorder.samples if s.started >= moment and s.status != 200)

    async def fault(recorder: Recorder) -> None:
        await when(lambda: sum(s.acknowledged for s in recorder.sent) >= users, timeout=120, what="load")
        await asyncio.to_thread(start)
        window["start"] = time.monotonic()
        felt = await when(lambda: refused_since(recorder, window["start"]) >= users, timeout=FELT_TIMEOUT_S, what=name)
        window["felt"] = felt
        await asyncio.to_thread(clear)
        window["cleared"] = time.monotonic()

    run = await run_users(system.gateway_url, users=users, pauses=pauses, prefix=prefix, give_up_s=120, during=fault)
    verdict.figures = run.figures
    verdict.timings = {"fault_s": window.get("cleared", 0) - window.get("start", 0)}
    refusals = [r for s in run.recorder.sent for r in s.refusals]
    if not window.get("felt"):
        verdict.notes.append(f"fewer than {users} refusals within {FELT_TIMEOUT_S:.0f}s of the fault")
    verdict.check("the fault was felt (writes refused)", bool(refusals), "every write succeeded during the fault")
    server_errors = sorted({r.status for r in refusals if r.status >= 500 and r.status != 503})
    verdict.check("no 5xx other than 503", not server_errors, f"answers {server_errors}")
    began, ended = window.get("start", 0.0), window.get("cleared", time.monotonic())
    hung = [s for s in run.recorder.samples if began <= s.started <= ended and s.latency > ANSWER_WITHIN_S]
    shown = ", ".join(f"{s.status} after {s.latency:.0f}s" for s in hung[:5])
    verdict.check(f"every attempt answered within {ANSWER_WITHIN_S:.0f} s", not hung, f"{len(hung)} hung: {shown}")
    unclear = [r for r in refusals if r.status == 503 and not (r.clear and r.retry_after)]
    example = f"e.g. detail {unclear[0].detail!r}, Retry-After {unclear[0].retry_after}" if unclear else ""
    verdict.check("a 503 with Chinese detail and Retry-After", not unclear, f"{len(unclear)} were not; {example}")
    unacknowledged = [s for s in run.recorder.sent if not s.acknowledged]
    verdict.check("every message answered after the fault", not unacknowledged, f"{len(unacknowledged)} never were")
    empty = [s for s in run.recorder.sent if s.empty_duplicate]
    verdict.check("the retry gets the answer, not an empty duplicate", not empty, f"{len(empty)} got nothing")
    verdict.ledger = check_ledger(system.database, run.recorder.sent)
    verdict.check("every message stored exactly once", verdict.ledger.ok, verdict.ledger.line())
    result = integrity(system.database)
    verdict.check("PRAGMA integrity_check = ok", result == "ok", result)
    verdict.notes.append(f"{len(refusals)} refusals: {sorted({r.status for r in refusals})}")
    return verdict


async def disk_full(system: RunningSystem, mount: Path, *, users: int, pauses: Pauses, prefix: str) -> Verdict:
    fillers: list[Path] = []

    def clear() -> None:
        for filler in fillers:
            filler.unlink()

    return await storage_fault(
        system,
        "disk full",
        start=lambda: fillers.append(fill(mount)),
        clear=clear,
        users=users,
        pauses=pauses,
        prefix=prefix,
    )


async def read_only(system: RunningSystem, mount: Path, *, users: int, pauses: Pauses, prefix: str) -> Verdict:
    parts = system.parts
    assert parts is not None
    notes: list[str] = []

    def restart_gateway(mode: str, *, healthy: bool) -> None:
        parts.kill("gateway")
        remount(mount, mode)
        parts.start("gateway")
        try:
            if healthy:
                system.wait_healthy(RESTART_TIMEOUT_S)
            else:  # the database part is down: any answer from /health will do
                wait_until(system.answering, timeout=RESTART_TIMEOUT_S, on_poll=parts.none_died)
        except (RuntimeError, TimeoutError) as exc:
            notes.append(f"gateway on a {mode} database: {str(exc)[-600:]}")

    verdict = await storage_fault(
        system,
        "read-only database (gateway restarted on it)",
        start=lambda: restart_gateway("ro", healthy=False),
        clear=lambda: restart_gateway("rw", healthy=True),
        users=users,
        pauses=pauses,
        prefix=prefix,
    )
    verdict.notes += notes
    verdict.check("the gateway runs on a read-only database", not notes, "; ".join(notes)[:600])
    return verdict


async def locked(system: RunningSystem, *, users: int, pauses: Pauses, prefix: str) -> Verdict:
    holder: list[sqlite3.Connection] = []

    def lock() -> None:
        conn = sqlite3.connect(str(system.database), timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.execute("begin exclusive")
        holder.append(conn)

    def unlock() -> None:
        for conn in holder:
            conn.rollback()
            conn.close()

    return await storage_fault(
        system, "database locked", start=lock, clear=unlock, users=users, pauses=pauses, prefix=prefix
    )

"""Load: N simulated users at once, each holding a whole conversation with a person's pauses.

All users share one ``httpx.AsyncClient`` on one event loop (the client side costs little CPU),
each with its own ``session_id``. The run ends when every conversation has ended; a user
whose message is never acknowledged ends early, so the run is bounded by the retry budget.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from tests.reliability.conversation import Pauses, SimulatedUser
from tests.reliability.exchange import Recorder
from tests.reliability.figures import Figures, summarise

logger = logging.getLogger(__name__)

CONNECTIONS = 200


@dataclass
class LoadRun:
    """The users, what they did, and the figures of the run."""

    users: int
    recorder: Recorder
    figures: Figures
    conversations_completed: int = 0
    sessions: list[str] = field(default_factory=list)


def http_client(base_url: str) -> httpx.AsyncClient:
    """One client for many users: enough connections that none waits for another's."""
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0)


async def run_users(
    base_url: str,
    *,
    users: int,
    pauses: Pauses,
    prefix: str,
    give_up_s: float = 60.0,
    during: Callable[[Recorder], Awaitable[None]] | None = None,
) -> LoadRun:
    """Run ``users`` conversations at once; ``during`` (a fault, say) runs alongside them."""
    recorder = Recorder()
    sessions = [f"{prefix}-{i:03d}" for i in range(users)]
    started = time.monotonic()
    async with http_client(base_url) as client:
        simulated = [
            SimulatedUser(client, recorder, session_id=s, pauses=pauses, seed=i, give_up_s=give_up_s)
            for i, s in enumerate(sessions)
        ]
        tasks = [asyncio.create_task(u.converse()) for u in simulated]
        if during is not None:
            await during(recorder)
        await asyncio.gather(*tasks)
    duration = time.monotonic() - started
    completed = sum(1 for s in sessions if _completed(recorder, s))
    run = LoadRun(users, recorder, summarise(recorder.samples, duration=duration), completed, sessions)
    logger.info("%d users: %s", users, run.figures.line())
    return run


def _completed(recorder: Recorder, session_id: str) -> bool:
    """The conversation reached its last message (the note for staff) and it was acknowledged."""
    mine = [s for s in recorder.sent if s.session_id == session_id]
    return bool(mine) and mine[-1].acknowledged and any(s.state == "waiting" for s in mine)


def load(base_url: str, *, users: int, pauses: Pauses, prefix: str, give_up_s: float = 60.0) -> LoadRun:
    """:func:`run_users` from synchronous code (the smoke test, the script)."""
    return asyncio.run(run_users(base_url, users=users, pauses=pauses, prefix=prefix, give_up_s=give_up_s))

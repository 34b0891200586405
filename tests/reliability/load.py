"""Load: N simulated users at once, each holding a whole conversation with a person's pauses.

All users share one ``httpx.AsyncClient`` on one event loop (the client side costs little CPU),
each with its own ``session_id``; with the Official Account on, one user in five talks through
WeChat instead (:mod:`tests.reliability.wechat_users`). The run ends when every conversation
has ended; a user whose message is never acknowledged ends early, so the run is bounded by the
retry budget.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from tests.reliability.conversation import NOTES, Pauses, SimulatedUser, kind_of
from tests.reliability.exchange import Recorder, Sent
from tests.reliability.figures import Figures, by_kind, summarise
from tests.reliability.wechat_users import WeChatLine, WeChatUser

logger = logging.getLogger(__name__)

CONNECTIONS = 200
MAX_RUN_S = 360.0
WECHAT_EVERY = 5  # one user in five talks through the Official Account when it is on
WECHAT_PREFIX = "o-"  # an OpenID-like session id


@dataclass
class LoadRun:
    """The users, what they did, and the figures of the run."""

    users: int
    recorder: Recorder
    figures: Figures
    conversations_completed: int = 0
    sessions: list[str] = field(default_factory=list)

    def latency_by_kind(self) -> dict[str, tuple[int, float, float]]:
        """(count, p50, p95) of the first attempt's latency for each step of the conversation
        (WeChat's steps apart, named ``WeChat …``)."""
        return by_kind([(_kind(s), s.first_latency) for s in self.recorder.sent if s.statuses])

    @property
    def wechat_users(self) -> int:
        return sum(1 for s in self.sessions if s.startswith(WECHAT_PREFIX))


def _kind(sent: Sent) -> str:
    kind = kind_of(sent.text)
    return f"WeChat {kind}" if sent.channel == "wechat" else kind


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
    deadline_s: float = MAX_RUN_S,
    wechat: WeChatLine | None = None,
    wechat_every: int = WECHAT_EVERY,
) -> LoadRun:
    """Run ``users`` conversations at once; ``during`` (a fault, say) runs alongside them. With
    ``wechat``, every ``wechat_every``-th user talks through the Official Account instead of the web.

    Conversations still going after ``deadline_s`` are cancelled (and count as not completed),
    so a run is bounded however slow the system gets."""
    recorder = Recorder()
    on_wechat = [wechat is not None and i % wechat_every == wechat_every - 1 for i in range(users)]
    sessions = [f"{WECHAT_PREFIX if w else ''}{prefix}-{i:03d}" for i, w in enumerate(on_wechat)]
    started = time.monotonic()
    async with http_client(base_url) as client:
        simulated: list[SimulatedUser | WeChatUser] = [
            WeChatUser(client, recorder, wechat, openid=s, pauses=pauses, seed=i)
            if wechat is not None and w
            else SimulatedUser(client, recorder, session_id=s, pauses=pauses, seed=i, give_up_s=give_up_s)
            for i, (s, w) in enumerate(zip(sessions, on_wechat, strict=True))
        ]
        tasks = [asyncio.create_task(u.converse()) for u in simulated]
        if during is not None:
            await during(recorder)
        _, late = await asyncio.wait(tasks, timeout=max(1.0, deadline_s - (time.monotonic() - started)))
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)
            recorder.problems.append(f"{len(late)} conversations cancelled after {deadline_s:.0f}s")
    duration = time.monotonic() - started
    completed = sum(1 for s in sessions if _completed(recorder, s))
    run = LoadRun(users, recorder, summarise(recorder.samples, duration=duration), completed, sessions)
    logger.info("%d users: %s", users, run.figures.line())
    return run


def _completed(recorder: Recorder, session_id: str) -> bool:
    """The conversation reached its last message (the note for staff) and it was acknowledged."""
    mine = [s for s in recorder.sent if s.session_id == session_id]
    if mine and mine[-1].channel == "wechat":
        return mine[-1].acknowledged and mine[-1].text in NOTES
    return bool(mine) and mine[-1].acknowledged and any(s.state == "waiting" for s in mine)


async def warm_up(base_url: str, users: int = 2) -> None:
    """A couple of conversations without pauses, not measured: the first answers after a start
    load Rasa's and the encoder's lazily built parts and take seconds, which a running service
    has long paid."""
    run = await run_users(base_url, users=users, pauses=Pauses(0.0, 0.0), prefix="warmup", give_up_s=30.0)
    logger.info("warm-up: %s", run.figures.line())


def load(
    base_url: str, *, users: int, pauses: Pauses, prefix: str, give_up_s: float = 60.0, wechat: WeChatLine | None = None
) -> LoadRun:
    """:func:`run_users` from synchronous code (the smoke test, the script)."""
    return asyncio.run(
        run_users(base_url, users=users, pauses=pauses, prefix=prefix, give_up_s=give_up_s, wechat=wechat)
    )

"""Saturation: how many messages a second are answered with p95 ≤ 1 s, with no pauses at all.

A closed loop: ``c`` workers each send a question, wait for the answer, send the next, for
``step_s`` seconds; ``c`` doubles (1, 2, 4, …) until p95 passes the target or ``max_workers``
is reached. The rate held is the best throughput among the steps whose p95 met the target.
The same loop runs against the gateway's ``POST /api/chat`` and against bare Rasa's REST
webhook (``POST /webhooks/rest/webhook``), so the gateway's own cost can be read off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from tests.reliability.conversation import QUESTIONS
from tests.reliability.exchange import Sample, new_client_id
from tests.reliability.figures import Figures, summarise
from tests.reliability.load import http_client

logger = logging.getLogger(__name__)

P95_TARGET_S = 1.0
Request = Callable[[httpx.AsyncClient, str, str], Awaitable[int]]


async def gateway_request(client: httpx.AsyncClient, sender: str, text: str) -> int:
    body = {"session_id": sender, "text": text, "client_id": new_client_id()}
    return (await client.post("/api/chat", json=body)).status_code


async def rasa_request(client: httpx.AsyncClient, sender: str, text: str) -> int:
    response = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    if response.status_code == 200 and response.json() == []:
        return 299  # Rasa's way of failing inside: counted apart from a real answer
    return response.status_code


async def drained(rasa_url: str, *, timeout: float = 180.0) -> float:
    """Wait until bare Rasa answers a question within 1 s: work the gateway gave up on (timed
    out) is still queued in Rasa after an overload, and would count against the next step.
    Returns how long that took."""
    started = time.monotonic()
    async with http_client(rasa_url) as client:
        while time.monotonic() - started < timeout:
            asked = time.monotonic()
            with contextlib.suppress(httpx.HTTPError):
                await rasa_request(client, "drain-probe", QUESTIONS[0])
            if time.monotonic() - asked <= P95_TARGET_S:
                break
    waited = time.monotonic() - started
    logger.info("Rasa drained after %.0fs", waited)
    return waited


@dataclass
class Saturation:
    """Each step's figures by number of workers, and the rate held at p95 ≤ 1 s."""

    target: str
    steps: dict[int, Figures] = field(default_factory=dict)

    @property
    def held_rate(self) -> float:
        met = [f.throughput for f in self.steps.values() if f.p95 <= P95_TARGET_S and not f.errors]
        return max(met, default=0.0)

    def lines(self) -> list[str]:
        return [f"{self.target} {c:>3} workers: {f.line()}" for c, f in self.steps.items()]


async def _step(base_url: str, request: Request, workers: int, step_s: float, prefix: str) -> Figures:
    samples: list[Sample] = []
    deadline = time.monotonic() + step_s

    async def worker(index: int, client: httpx.AsyncClient) -> None:
        i = 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status: int | str = await request(client, f"{prefix}-{workers}-{index}", QUESTIONS[(index + i) % 8])
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            samples.append(Sample(started, time.monotonic() - started, status))
            i += 1

    started = time.monotonic()
    async with http_client(base_url) as client:
        await asyncio.gather(*(worker(i, client) for i in range(workers)))
    return summarise(samples, duration=time.monotonic() - started)


async def saturate(
    base_url: str, request: Request, *, target: str, step_s: float, max_workers: int, prefix: str
) -> Saturation:
    """Double the workers until p95 passes the target (that step is kept, to show the knee)."""
    result = Saturation(target)
    workers = 1
    while workers <= max_workers:
        figures = await _step(base_url, request, workers, step_s, prefix)
        result.steps[workers] = figures
        logger.info("%s %d workers: %s", target, workers, figures.line())
        if figures.p95 > P95_TARGET_S:
            break
        workers *= 2
    return result

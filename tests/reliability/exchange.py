"""One message sent as the web widget sends it: with its own ``client_id``, retried until acknowledged.

Every HTTP attempt becomes a :class:`Sample` (latency and status, for the figures); the message
as a whole becomes a :class:`Sent` (what the user typed and the replies they saw, for the
exactly-once ledger). A 429 is retried after its ``Retry-After``, a 503 or a lost connection
after a short backoff, always with the same ``client_id`` (which is how the gateway recognises a
retry), until ``give_up_s`` has passed. Any other refusal is final.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

logger = logging.getLogger(__name__)

RETRYABLE = {429, 502, 503, 504}
BACKOFF_S = (0.25, 0.5, 1.0, 2.0)
MAX_RETRY_AFTER_S = 10.0


@dataclass(frozen=True)
class Sample:
    """One HTTP attempt: when it started (monotonic), how long it took, and its status
    (an int, or the transport error's class name when no response came back)."""

    started: float
    latency: float
    status: int | str
    retry: bool = False


@dataclass(frozen=True)
class Refusal:
    """A refused attempt as the user would be told: status, ``detail`` and ``Retry-After``."""

    status: int
    detail: str
    retry_after: str | None

    @property
    def clear(self) -> bool:
        """A Chinese explanation (at least one CJK character) rather than a bare status."""
        return any("\u4e00" <= ch <= "\u9fff" for ch in self.detail)


def refusal_of(response: httpx.Response) -> Refusal:
    try:
        body = response.json()
        detail = str(body.get("detail", "")) if isinstance(body, dict) else ""
    except ValueError:
        detail = ""
    return Refusal(response.status_code, detail, response.headers.get("Retry-After"))


@dataclass
class Sent:
    """A message the simulated user sent and what came of it."""

    session_id: str
    client_id: str
    text: str
    acknowledged: bool = False
    conversation_id: str = ""
    state: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int | str] = field(default_factory=list)
    empty_duplicate: bool = False
    started: float = 0.0
    first_latency: float = 0.0
    refusals: list[Refusal] = field(default_factory=list)
    channel: str = "web"

    @property
    def final_status(self) -> int | str:
        return self.statuses[-1] if self.statuses else "unsent"


@dataclass
class Recorder:
    """Everything the simulated users did, shared by all of them (one event loop, no locks needed)."""

    samples: list[Sample] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def new_client_id() -> str:
    return uuid.uuid4().hex


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(float(response.headers.get("Retry-After", "1")), MAX_RETRY_AFTER_S)
    except ValueError:
        return 1.0


async def send(
    client: httpx.AsyncClient,
    recorder: Recorder,
    *,
    session_id: str,
    text: str,
    give_up_s: float = 60.0,
    timeout_s: float = 30.0,
) -> Sent:
    """POST ``/api/chat`` until acknowledged (200) or refused for good; record every attempt."""
    sent = Sent(session_id=session_id, client_id=new_client_id(), text=text, started=time.monotonic())
    recorder.sent.append(sent)
    deadline = time.monotonic() + give_up_s
    attempt = 0
    body = {"session_id": session_id, "text": text, "client_id": sent.client_id}
    while True:
        started = time.monotonic()
        response: httpx.Response | None = None
        try:
            response = await client.post("/api/chat", json=body, timeout=timeout_s)
            status: int | str = response.status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        latency = time.monotonic() - started
        recorder.samples.append(Sample(started, latency, status, retry=attempt > 0))
        sent.statuses.append(status)
        if attempt == 0:
            sent.first_latency = latency
        if response is not None and response.status_code != 200:
            sent.refusals.append(refusal_of(response))
        if response is not None and response.status_code == 200:
            _acknowledge(sent, response.json(), retried=attempt > 0, recorder=recorder)
            return sent
        if response is not None and response.status_code not in RETRYABLE:
            recorder.problems.append(f"{session_id}: {text[:20]!r} refused with {status}: {response.text[:200]}")
            return sent
        honoured = response is not None and response.status_code in (429, 503) and "Retry-After" in response.headers
        pause = _retry_after(response) if honoured and response is not None else 0.0
        pause = max(pause, BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
        if time.monotonic() + pause > deadline:
            recorder.problems.append(f"{session_id}: {text[:20]!r} gave up after {attempt + 1} attempts ({status})")
            return sent
        attempt += 1
        await asyncio.sleep(pause)  # the retry's backoff, as the widget's outbox waits


def _acknowledge(sent: Sent, body: dict[str, Any], *, retried: bool, recorder: Recorder) -> None:
    sent.acknowledged = True
    sent.conversation_id = str(body.get("conversation_id", ""))
    sent.state = str(body.get("state", ""))
    sent.replies = list(body.get("messages", []))
    if body.get("duplicate") and not sent.replies and retried and sent.state == "bot":
        # a retry after a refusal must get the answer, not an empty "already received"
        sent.empty_duplicate = True
        recorder.problems.append(f"{sent.session_id}: retry of {sent.text[:20]!r} got duplicate=true with no replies")

"""``GET /api/chat/events``: the conversation as a live stream (server-sent events).

Each stored message is sent once as ``event: message`` with its id as the event id, so
a browser that lost the connection reconnects with ``Last-Event-ID`` and gets exactly
the messages it missed. A change of who serves the conversation is sent as
``event: status``. A stream ends after ``events_max_seconds``; the browser's
EventSource reconnects by itself. Clients without EventSource poll
``/api/chat/history?after=…`` instead.

Streams are bounded: at most ``events_max_streams`` open in the gateway,
``events_max_per_session`` per session and ``events_max_per_address`` per client address (429
beyond, with ``Retry-After``); each read is a page of messages on the database thread, and a
stream wakes only when its own conversation changes (or after the poll interval).
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Annotated

import sqlite_utils
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from api.deps import WEB_CHANNEL, ServicesDep, client_address
from api.errors import ApiError, error_responses
from api.schemas import SESSION_ID_PATTERN, Message, Status
from api.services import Services
from api.store.conversations import StoredMessage, find_conversation, list_messages
from api.store.escalations import ConversationStatus, status_of
from api.store.worker import StorageUnavailable

router = APIRouter(tags=["chat"])

RETRY_MS = 2000
HEARTBEAT_S = 15.0
MAX_ID = 2**63 - 1
EVENT_ID = re.compile(r"[0-9]{1,18}")


def frame(event: str, data: str, event_id: int | None = None) -> str:
    """One server-sent event.

    >>> frame("message", '{"id": 3}', 3)
    'id: 3\\nevent: message\\ndata: {"id": 3}\\n\\n'
    """
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {data}\n\n"


def _read(
    db: sqlite_utils.Database, *, session_id: str, after: int
) -> tuple[str | None, list[StoredMessage], ConversationStatus]:
    """The conversation's id, the messages after ``after`` (a page) and who serves it."""
    conversation = find_conversation(db, channel=WEB_CHANNEL, session_id=session_id)
    if conversation is None:
        return None, [], status_of(db, conversation_id=None)
    messages = list_messages(db, conversation_id=conversation.id, after_id=after)
    return conversation.id, messages, status_of(db, conversation_id=conversation.id)


async def stream(request: Request, services: Services, session_id: str, after: int) -> AsyncIterator[str]:
    settings = services.settings
    deadline = time.monotonic() + settings.events_max_seconds
    last_beat = time.monotonic()
    last_status: Status | None = None
    yield f"retry: {RETRY_MS}\n\n"
    while time.monotonic() < deadline and not await request.is_disconnected():
        try:
            conversation_id, messages, stored_status = await services.store(_read, session_id=session_id, after=after)
        except StorageUnavailable:
            break  # the browser reconnects after `retry`
        for message in messages:
            yield frame("message", Message.from_stored(message).model_dump_json(), message.id)
            after = message.id
        status = Status.from_store(stored_status)
        if status != last_status:
            yield frame("status", status.model_dump_json())
            last_status = status
        if time.monotonic() - last_beat > HEARTBEAT_S:
            yield ": keep-alive\n\n"
            last_beat = time.monotonic()
        await services.changes.wait(conversation_id, timeout=settings.events_poll_seconds)


@router.get("/api/chat/events", response_class=StreamingResponse, responses=error_responses(429))
async def events(
    request: Request,
    services: ServicesDep,
    session_id: Annotated[str, Query(pattern=SESSION_ID_PATTERN)],
    after: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    last_event_id: Annotated[str | None, Header(max_length=64)] = None,
) -> StreamingResponse:
    """Messages after ``after`` (or after the ``Last-Event-ID`` the browser reconnects with), live.

    A ``Last-Event-ID`` that is not a message id is ignored.
    """
    if last_event_id and EVENT_ID.fullmatch(last_event_id):
        after = max(after, int(last_event_id))
    streams, address = services.streams, client_address(request)
    if not streams.open(session_id):
        raise ApiError(429, "too_many_streams", headers={"Retry-After": str(RETRY_MS // 1000)})
    if not services.address_streams.open(address):
        streams.close(session_id)
        raise ApiError(429, "too_many_streams", headers={"Retry-After": str(RETRY_MS // 1000)})

    async def bounded() -> AsyncIterator[str]:
        try:
            async for chunk in stream(request, services, session_id, after):
                yield chunk
        finally:
            streams.close(session_id)
            services.address_streams.close(address)

    return StreamingResponse(
        bounded(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )

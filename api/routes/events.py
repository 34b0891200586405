"""``GET /api/chat/events``: the conversation as a live stream (server-sent events).

Each stored message is sent once as ``event: message`` with its id as the event id, so
a browser that lost the connection reconnects with ``Last-Event-ID`` and gets exactly
the messages it missed. A change of who serves the conversation is sent as
``event: status``. A stream ends after ``events_max_seconds``; the browser's
EventSource reconnects by itself. Clients without EventSource poll
``/api/chat/history?after=…`` instead.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from api.deps import WEB_CHANNEL, ServicesDep
from api.schemas import SESSION_ID_PATTERN, Message, Status
from api.services import Services
from api.store.conversations import find_conversation, list_messages
from api.store.escalations import status_of

router = APIRouter(tags=["chat"])

RETRY_MS = 2000
HEARTBEAT_S = 15.0


def frame(event: str, data: str, event_id: int | None = None) -> str:
    """One server-sent event.

    >>> frame("message", '{"id": 3}', 3)
    'id: 3\\nevent: message\\ndata: {"id": 3}\\n\\n'
    """
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {data}\n\n"


async def stream(request: Request, services: Services, session_id: str, after: int) -> AsyncIterator[str]:
    settings = services.settings
    deadline = time.monotonic() + settings.events_max_seconds
    last_beat = time.monotonic()
    last_status: Status | None = None
    yield f"retry: {RETRY_MS}\n\n"
    while time.monotonic() < deadline and not await request.is_disconnected():
        conversation = find_conversation(services.db, channel=WEB_CHANNEL, session_id=session_id)
        if conversation is not None:
            for message in list_messages(services.db, conversation_id=conversation.id, after_id=after):
                yield frame("message", Message.from_stored(message).model_dump_json(), message.id)
                after = message.id
        status = Status.from_store(status_of(services.db, conversation_id=conversation.id if conversation else None))
        if status != last_status:
            yield frame("status", status.model_dump_json())
            last_status = status
        if time.monotonic() - last_beat > HEARTBEAT_S:
            yield ": keep-alive\n\n"
            last_beat = time.monotonic()
        await services.changes.wait(timeout=settings.events_poll_seconds)


@router.get("/api/chat/events", response_class=StreamingResponse)
async def events(
    request: Request,
    services: ServicesDep,
    session_id: Annotated[str, Query(pattern=SESSION_ID_PATTERN)],
    after: Annotated[int, Query(ge=0)] = 0,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Messages after ``after`` (or after the ``Last-Event-ID`` the browser reconnects with), live."""
    if last_event_id and last_event_id.isdigit():
        after = max(after, int(last_event_id))
    return StreamingResponse(
        stream(request, services, session_id, after),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )

"""The web chat's API: send a message, read the history, go back from the queue to the bot.

``POST /api/chat`` stores the user's message before anything else and answers with the
replies and who now serves the conversation. ``GET /api/chat/history`` is how the widget
restores a conversation after a reload and catches up after a lost connection.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import WEB_CHANNEL, ServicesDep, web_conversation
from api.errors import ApiError, error_responses
from api.rasa_client import RasaUnavailable
from api.relay import deliver
from api.schemas import (
    SESSION_ID_PATTERN,
    ChatRequest,
    ChatResponse,
    HistoryResponse,
    Message,
    Notice,
    SessionRequest,
    Status,
)
from api.store.conversations import find_conversation, list_messages
from api.store.escalations import EscalationError, cancel_escalation, status_of
from knowledge.texts import text

logger = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])

ERRORS = error_responses(404, 409, 503)


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
async def chat(body: ChatRequest, services: ServicesDep) -> ChatResponse:
    """Store the user's message, have it answered, store and return the replies.

    When Rasa cannot be reached the user's message stays stored and the answer is a
    503 with a Chinese explanation; nothing the user typed is lost. While staff serve
    the conversation the message goes to them, and ``status`` says so.
    """
    try:
        delivery = await deliver(
            services.db,
            services.rasa,
            channel=WEB_CHANNEL,
            session_id=body.session_id,
            message_text=body.text,
            client_id=body.client_id,
            hours=services.office_hours,
            record_prefix=services.settings.service_reference_prefix,
        )
    except RasaUnavailable as exc:
        services.changes.notify()
        raise ApiError(503, "assistant_unavailable") from exc
    services.changes.notify()
    conversation = delivery.conversation
    status = Status.from_store(status_of(services.db, conversation_id=conversation.id))
    return ChatResponse(
        conversation_id=conversation.id,
        state=status.state,
        status=status,
        messages=[Message.from_stored(m) for m in delivery.replies],
        duplicate=delivery.duplicate,
    )


@router.get("/api/chat/history", response_model=HistoryResponse, responses=ERRORS)
async def history(
    services: ServicesDep,
    session_id: Annotated[str, Query(pattern=SESSION_ID_PATTERN)],
    after: Annotated[int, Query(ge=0, description="Only messages with a larger id")] = 0,
) -> HistoryResponse:
    """The session's messages (all, or those after ``after``) and who serves it now."""
    conversation = find_conversation(services.db, channel=WEB_CHANNEL, session_id=session_id)
    if conversation is None:
        return HistoryResponse(conversation_id=None, status=Status(), messages=[])
    messages = list_messages(services.db, conversation_id=conversation.id, after_id=after)
    return HistoryResponse(
        conversation_id=conversation.id,
        status=Status.from_store(status_of(services.db, conversation_id=conversation.id)),
        messages=[Message.from_stored(m) for m in messages],
    )


@router.post("/api/chat/back-to-bot", response_model=Notice, responses=ERRORS)
async def back_to_bot(body: SessionRequest, services: ServicesDep) -> Notice:
    """The user leaves the staff queue before anyone took the conversation."""
    conversation = web_conversation(services.db, body.session_id)
    status = status_of(services.db, conversation_id=conversation.id)
    if status.state != "waiting" or status.escalation_id is None:
        raise ApiError(409, "no_open_handoff")
    try:
        cancel_escalation(services.db, escalation_id=status.escalation_id)
    except EscalationError as exc:
        raise ApiError(409, "no_open_handoff") from exc
    services.changes.notify()
    return Notice(
        detail=text("handoff_cancelled"),
        status=Status.from_store(status_of(services.db, conversation_id=conversation.id)),
    )

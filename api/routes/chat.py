"""The web chat's API: send a message, read the history, go back from the queue to the bot.

``POST /api/chat`` stores the user's message before anything else and answers with the
replies and who now serves the conversation. When the bot cannot answer, the reply says so
(200, with the offer to leave the message for staff); when the database cannot store the
message, a 503 tells the widget to keep it and send it again. ``GET /api/chat/history`` is how the widget
restores a conversation after a reload and catches up after a lost connection.
"""

from __future__ import annotations

import logging
from typing import Annotated

import sqlite_utils
from fastapi import APIRouter, Query, Request

from api.deps import WEB_CHANNEL, ServicesDep, client_address, web_conversation
from api.errors import ApiError, error_responses
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
from api.store.conversations import Conversation, StoredMessage, find_conversation, list_messages
from api.store.escalations import ConversationStatus, EscalationError, cancel_escalation, status_of
from knowledge.texts import text

logger = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])

ERRORS = error_responses(404, 409, 429, 503)


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
async def chat(body: ChatRequest, request: Request, services: ServicesDep) -> ChatResponse:
    """Store the user's message, have it answered, store and return the replies.

    When Rasa cannot answer, the user's message stays stored and the reply says the assistant
    is busy and offers to leave the message for staff; nothing the user typed is lost. While
    staff serve the conversation the message goes to them, and ``status`` says so. A client
    over its rate gets a 429 with ``Retry-After`` (the widget waits and sends again).
    """
    limits, address = services.limits, client_address(request)
    limits.refuse_over("chat_session", body.session_id)
    limits.refuse_over("chat_address", address)
    if await services.store(find_conversation, channel=WEB_CHANNEL, session_id=body.session_id) is None:
        limits.refuse_over("new_conversation_address", address)
    delivery = await services.relay.deliver(
        channel=WEB_CHANNEL, session_id=body.session_id, message_text=body.text, client_id=body.client_id
    )
    conversation = delivery.conversation
    services.changes.notify(conversation.id)
    status = Status.from_store(await services.store(status_of, conversation_id=conversation.id))
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
    after: Annotated[int, Query(ge=0, le=2**63 - 1, description="Only messages with a larger id")] = 0,
) -> HistoryResponse:
    """The session's messages (the first page after ``after``) and who serves it now.

    A page holds at most 200 messages; the widget reads on with ``after`` set to the last id.
    """
    found = await services.store(_history, session_id=session_id, after=after)
    if found is None:
        return HistoryResponse(conversation_id=None, status=Status(), messages=[])
    conversation, status, messages = found
    return HistoryResponse(
        conversation_id=conversation.id,
        status=Status.from_store(status),
        messages=[Message.from_stored(m) for m in messages],
    )


def _history(
    db: sqlite_utils.Database, *, session_id: str, after: int
) -> tuple[Conversation, ConversationStatus, list[StoredMessage]] | None:
    conversation = find_conversation(db, channel=WEB_CHANNEL, session_id=session_id)
    if conversation is None:
        return None
    messages = list_messages(db, conversation_id=conversation.id, after_id=after)
    return conversation, status_of(db, conversation_id=conversation.id), messages


@router.post("/api/chat/back-to-bot", response_model=Notice, responses=ERRORS)
async def back_to_bot(body: SessionRequest, services: ServicesDep) -> Notice:
    """The user leaves the staff queue before anyone took the conversation."""
    status = await services.store(_back_to_bot, session_id=body.session_id)
    services.changes.notify()
    return Notice(detail=text("handoff_cancelled"), status=Status.from_store(status))


def _back_to_bot(db: sqlite_utils.Database, *, session_id: str) -> ConversationStatus:
    conversation = web_conversation(db, session_id)
    status = status_of(db, conversation_id=conversation.id)
    if status.state != "waiting" or status.escalation_id is None:
        raise ApiError(409, "no_open_handoff")
    try:
        cancel_escalation(db, escalation_id=status.escalation_id)
    except EscalationError as exc:
        raise ApiError(409, "no_open_handoff") from exc
    return status_of(db, conversation_id=conversation.id)

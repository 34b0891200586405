"""``POST /api/chat``: a user's message in, the assistant's replies out, both stored first."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.rasa_client import RasaUnavailable
from api.schemas import ChatRequest, ChatResponse, ErrorResponse, Message
from api.services import Services, get_services
from api.store.conversations import OutgoingMessage, add_message, add_messages, get_or_create_conversation
from api.store.feedback import record_feedback
from knowledge.texts import text

logger = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])

WEB_CHANNEL = "web"


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
async def chat(body: ChatRequest, services: Annotated[Services, Depends(get_services)]) -> ChatResponse | JSONResponse:
    """Store the user's message, ask Rasa, store and return the replies.

    When Rasa cannot be reached the user's message stays stored and the answer is a
    503 with a Chinese explanation; nothing the user typed is lost.
    """
    db = services.db
    conversation = get_or_create_conversation(db, channel=WEB_CHANNEL, session_id=body.session_id)
    add_message(db, conversation_id=conversation.id, sender="user", text=body.text)
    try:
        replies = await services.rasa.send(sender_id=conversation.id, text=body.text)
    except RasaUnavailable:
        return JSONResponse(
            status_code=503,
            content=ErrorResponse(detail=text("assistant_unavailable")).model_dump(),
        )
    if not replies:
        logger.warning("Rasa sent no reply in conversation %s", conversation.id)
        replies = [OutgoingMessage(text=text("no_reply"))]
    stored = add_messages(db, conversation_id=conversation.id, sender="bot", messages=replies)
    for message in stored:
        if isinstance(feedback := message.custom.get("feedback"), dict):
            record_feedback(
                db,
                conversation_id=conversation.id,
                message_id=message.id,
                value=str(feedback.get("value", "")),
                clause_id=feedback.get("clause_id"),
                query=feedback.get("query"),
            )
    return ChatResponse(
        conversation_id=conversation.id,
        state="bot",
        messages=[Message.from_stored(m) for m in stored],
    )

"""What users think of the service: the reason behind a 没用, and the 1–5 rating of a staff hand-off."""

from __future__ import annotations

import sqlite_utils
from fastapi import APIRouter

from api.deps import ServicesDep, web_conversation
from api.errors import ApiError, error_responses
from api.schemas import FeedbackReasonRequest, Notice, RatingRequest, Status
from api.store.escalations import ConversationStatus, EscalationError, rate_escalation, status_of
from api.store.feedback import FeedbackNotFound, add_feedback_reason
from knowledge.texts import text

router = APIRouter(tags=["feedback"])
ERRORS = error_responses(404, 409, 503)


def _add_reason(db: sqlite_utils.Database, *, session_id: str, message_id: int, reason: str) -> ConversationStatus:
    conversation = web_conversation(db, session_id)
    try:
        add_feedback_reason(db, conversation_id=conversation.id, message_id=message_id, reason=reason)
    except FeedbackNotFound as exc:
        raise ApiError(404, "feedback_not_found") from exc
    return status_of(db, conversation_id=conversation.id)


@router.post("/api/chat/feedback", response_model=Notice, responses=ERRORS)
async def feedback_reason(body: FeedbackReasonRequest, services: ServicesDep) -> Notice:
    """Add the user's optional explanation to the 有用/没用 they gave an answer."""
    status = await services.store(
        _add_reason, session_id=body.session_id, message_id=body.message_id, reason=body.reason.strip()
    )
    return Notice(detail=text("feedback_reason_thanks"), status=Status.from_store(status))


def _rate(db: sqlite_utils.Database, *, session_id: str, rating: int, comment: str) -> ConversationStatus:
    conversation = web_conversation(db, session_id)
    status = status_of(db, conversation_id=conversation.id)
    if not status.awaiting_rating or status.escalation_id is None:
        raise ApiError(409, "rating_not_expected")
    try:
        rate_escalation(db, escalation_id=status.escalation_id, rating=rating, comment=comment)
    except EscalationError as exc:
        raise ApiError(409, "rating_not_expected") from exc
    return status_of(db, conversation_id=conversation.id)


@router.post("/api/chat/rating", response_model=Notice, responses=ERRORS)
async def rating(body: RatingRequest, services: ServicesDep) -> Notice:
    """Rate the staff hand-off that just ended, 1 to 5, once."""
    status = await services.store(_rate, session_id=body.session_id, rating=body.rating, comment=body.comment.strip())
    services.changes.notify()
    return Notice(detail=text("rating_thanks"), status=Status.from_store(status))

"""What users think of the service: the reason behind a 没用, and the 1–5 rating of a staff hand-off."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServicesDep, web_conversation
from api.errors import ApiError, error_responses
from api.schemas import FeedbackReasonRequest, Notice, RatingRequest, Status
from api.store.escalations import EscalationError, rate_escalation, status_of
from api.store.feedback import FeedbackNotFound, add_feedback_reason
from knowledge.texts import text

router = APIRouter(tags=["feedback"])
ERRORS = error_responses(404, 409, 503)


@router.post("/api/chat/feedback", response_model=Notice, responses=ERRORS)
async def feedback_reason(body: FeedbackReasonRequest, services: ServicesDep) -> Notice:
    """Add the user's optional explanation to the 有用/没用 they gave an answer."""
    conversation = web_conversation(services.db, body.session_id)
    try:
        add_feedback_reason(
            services.db, conversation_id=conversation.id, message_id=body.message_id, reason=body.reason.strip()
        )
    except FeedbackNotFound as exc:
        raise ApiError(404, "feedback_not_found") from exc
    return Notice(
        detail=text("feedback_reason_thanks"),
        status=Status.from_store(status_of(services.db, conversation_id=conversation.id)),
    )


@router.post("/api/chat/rating", response_model=Notice, responses=ERRORS)
async def rating(body: RatingRequest, services: ServicesDep) -> Notice:
    """Rate the staff hand-off that just ended, 1 to 5, once."""
    conversation = web_conversation(services.db, body.session_id)
    status = status_of(services.db, conversation_id=conversation.id)
    if not status.awaiting_rating or status.escalation_id is None:
        raise ApiError(409, "rating_not_expected")
    try:
        rate_escalation(
            services.db, escalation_id=status.escalation_id, rating=body.rating, comment=body.comment.strip()
        )
    except EscalationError as exc:
        raise ApiError(409, "rating_not_expected") from exc
    services.changes.notify()
    return Notice(
        detail=text("rating_thanks"),
        status=Status.from_store(status_of(services.db, conversation_id=conversation.id)),
    )

"""The staff queue: list, read, claim, assign, reply to and resolve escalations.

Agents see the escalations routed to their departments and the general queue; admins
see all. Replies and state changes wake the user's live chat stream at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Query
from sqlite_utils.db import NotFoundError

from api.deps import ServicesDep, Staff
from api.errors import ApiError, error_responses
from api.schemas import Message
from api.services import Services
from api.staff_schemas import (
    AssignRequest,
    EscalationDetail,
    EscalationOut,
    NoteOut,
    NoteRequest,
    ReplyRequest,
    ServiceRecordOut,
)
from api.store.conversations import get_conversation, list_messages
from api.store.escalations import (
    OPEN_STATUSES,
    Escalation,
    EscalationError,
    add_note,
    claim_escalation,
    get_escalation,
    list_escalations,
    list_notes,
    post_staff_reply,
    resolve_escalation,
)
from api.store.service_records import list_records
from api.store.staff import StaffMember, find_staff

router = APIRouter(prefix="/api/staff/escalations", tags=["staff"])
T = TypeVar("T")
ERRORS = error_responses(401, 403, 404, 409)
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "open": OPEN_STATUSES,
    "waiting": ("waiting",),
    "staff": ("staff",),
    "closed": ("resolved", "cancelled"),
    "all": ("waiting", "staff", "resolved", "cancelled"),
}


def _escalation(services: Services, staff: StaffMember, escalation_id: int, *, serving: bool = False) -> Escalation:
    """The escalation if it exists and this member may work it (404 / 403 otherwise);
    with ``serving``, only the member serving the conversation (or an admin) may."""
    try:
        escalation = get_escalation(services.db, escalation_id=escalation_id)
    except NotFoundError as exc:
        raise ApiError(404, "escalation_not_found") from exc
    if not staff.may_handle(escalation.department) or (
        serving and escalation.staff_name != staff.name and not staff.is_admin
    ):
        raise ApiError(403, "staff_forbidden")
    return escalation


def _change(services: Services, change: Callable[[], T]) -> T:
    """Apply a state change (409 when the escalation's state does not allow it) and wake the user's stream."""
    try:
        result = change()
    except EscalationError as exc:
        raise ApiError(409, "escalation_conflict") from exc
    services.changes.notify()
    return result


@router.get("", response_model=list[EscalationOut], responses=ERRORS)
async def queue(
    staff: Staff,
    services: ServicesDep,
    status: Annotated[Literal["open", "waiting", "staff", "closed", "all"], Query()] = "open",
) -> list[EscalationOut]:
    """The member's queue, oldest first (waiting time grows until someone claims it)."""
    departments = None if staff.is_admin else staff.departments
    found = list_escalations(services.db, statuses=STATUS_FILTERS[status], departments=departments)
    return [EscalationOut.of(e) for e in found]


@router.get("/{escalation_id}", response_model=EscalationDetail, responses=ERRORS)
async def detail(escalation_id: int, staff: Staff, services: ServicesDep) -> EscalationDetail:
    """The escalation with the whole transcript, the bot's citations included."""
    escalation = _escalation(services, staff, escalation_id)
    conversation = get_conversation(services.db, conversation_id=escalation.conversation_id)
    messages = list_messages(services.db, conversation_id=conversation.id)
    notes = list_notes(services.db, escalation_id=escalation.id)
    return EscalationDetail(
        escalation=EscalationOut.of(escalation),
        channel=conversation.channel,
        user=conversation.session_id,
        messages=[Message.from_stored(m) for m in messages],
        notes=[NoteOut(**dataclasses.asdict(n)) for n in notes],
        records=[ServiceRecordOut.of(r) for r in list_records(services.db, conversation_id=conversation.id)],
    )


@router.post("/{escalation_id}/notes", response_model=NoteOut, responses=ERRORS)
async def note(escalation_id: int, body: NoteRequest, staff: Staff, services: ServicesDep) -> NoteOut:
    """An internal note for colleagues; the user never sees it."""
    escalation = _escalation(services, staff, escalation_id)
    added = add_note(services.db, escalation_id=escalation.id, staff_name=staff.name, text=body.text.strip())
    return NoteOut(**dataclasses.asdict(added))


@router.post("/{escalation_id}/claim", response_model=EscalationOut, responses=ERRORS)
async def claim(escalation_id: int, staff: Staff, services: ServicesDep) -> EscalationOut:
    """Take the conversation; the user is told who serves them."""
    escalation = _escalation(services, staff, escalation_id)
    return EscalationOut.of(
        _change(services, lambda: claim_escalation(services.db, escalation_id=escalation.id, staff_name=staff.name))
    )


@router.post("/{escalation_id}/assign", response_model=EscalationOut, responses=ERRORS)
async def assign(escalation_id: int, body: AssignRequest, staff: Staff, services: ServicesDep) -> EscalationOut:
    """Hand the conversation to a colleague who may work it."""
    escalation = _escalation(services, staff, escalation_id)
    colleague = find_staff(services.db, name=body.staff_name)
    if colleague is None or colleague.disabled:
        raise ApiError(404, "staff_not_found")
    if not colleague.may_handle(escalation.department):
        raise ApiError(403, "staff_forbidden")
    name = colleague.name
    return EscalationOut.of(
        _change(services, lambda: claim_escalation(services.db, escalation_id=escalation.id, staff_name=name))
    )


@router.post("/{escalation_id}/reply", response_model=Message, responses=ERRORS)
async def reply(escalation_id: int, body: ReplyRequest, staff: Staff, services: ServicesDep) -> Message:
    """Send a reply to the user, live. Only the member serving the conversation (or an admin) may."""
    escalation = _escalation(services, staff, escalation_id, serving=True)
    if not body.text.strip():
        raise ApiError(422, "staff_reply_empty")
    reply_text = body.text.strip()
    return Message.from_stored(
        _change(services, lambda: post_staff_reply(services.db, escalation_id=escalation.id, text=reply_text))
    )


@router.post("/{escalation_id}/resolve", response_model=EscalationOut, responses=ERRORS)
async def resolve(escalation_id: int, staff: Staff, services: ServicesDep) -> EscalationOut:
    """Close the case: the bot answers the user's next message and the user is asked for a rating."""
    escalation = _escalation(services, staff, escalation_id, serving=True)
    return EscalationOut.of(_change(services, lambda: resolve_escalation(services.db, escalation_id=escalation.id)))

"""The staff queue: list, read, claim, assign, reply to and resolve escalations.

Agents see the escalations routed to their departments and the general queue; admins
see all. Replies and state changes wake the user's live chat stream at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

import sqlite_utils
from fastapi import APIRouter, Path, Query
from sqlite_utils.db import NotFoundError

from api.deps import ServicesDep, Staff
from api.errors import ApiError, error_responses
from api.personal_data import mask_id
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
from api.store.conversations import StoredMessage, get_conversation, list_messages
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
TRANSCRIPT_LIMIT = 500
EscalationId = Annotated[int, Path(ge=1, le=2**63 - 1)]
ERRORS = error_responses(401, 403, 404, 409)
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "open": OPEN_STATUSES,
    "waiting": ("waiting",),
    "staff": ("staff",),
    "closed": ("resolved", "cancelled"),
    "all": ("waiting", "staff", "resolved", "cancelled"),
}


def _escalation(
    db: sqlite_utils.Database, *, staff: StaffMember, escalation_id: int, serving: bool = False
) -> Escalation:
    """The escalation if it exists and this member may work it (404 / 403 otherwise);
    with ``serving``, only the member serving the conversation (or an admin) may."""
    try:
        escalation = get_escalation(db, escalation_id=escalation_id)
    except NotFoundError as exc:
        raise ApiError(404, "escalation_not_found") from exc
    if not staff.may_handle(escalation.department) or (
        serving and escalation.staff_name != staff.name and not staff.is_admin
    ):
        raise ApiError(403, "staff_forbidden")
    return escalation


async def _change(services: Services, change: Callable[[sqlite_utils.Database], T]) -> T:
    """Apply a state change on the database thread (409 when the escalation's state does not
    allow it) and wake the user's stream."""

    def apply(db: sqlite_utils.Database) -> tuple[T, int]:
        last_id = int(db.execute("select coalesce(max(id), 0) from messages").fetchone()[0])
        try:
            return change(db), last_id
        except EscalationError as exc:
            raise ApiError(409, "escalation_conflict") from exc

    result, last_id = await services.store(apply)
    conversation_id = getattr(result, "conversation_id", None)
    services.changes.notify(conversation_id)
    for channel in (services.official_account, services.wecom):
        if conversation_id is not None and channel is not None:
            # a WeChat user hears staff only through the API (each channel forwards only its own)
            channel.forward_staff(conversation_id=conversation_id, after_id=last_id)
    return result


@router.get("", response_model=list[EscalationOut], responses=ERRORS)
async def queue(
    staff: Staff,
    services: ServicesDep,
    status: Annotated[Literal["open", "waiting", "staff", "closed", "all"], Query()] = "open",
    before: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="Older than this escalation id")] = None,
) -> list[EscalationOut]:
    """The member's queue, oldest first (waiting time grows until someone claims it); closed
    and all: the newest first. At most 200; ``before`` (the last id shown) reads on."""
    departments = None if staff.is_admin else staff.departments
    found = await services.store(
        list_escalations,
        statuses=STATUS_FILTERS[status],
        departments=departments,
        newest_first=status in ("closed", "all"),
        before_id=before,
    )
    return [EscalationOut.of(e) for e in found]


def _detail(db: sqlite_utils.Database, *, staff: StaffMember, escalation_id: int) -> EscalationDetail:
    escalation = _escalation(db, staff=staff, escalation_id=escalation_id)
    conversation = get_conversation(db, conversation_id=escalation.conversation_id)
    messages = list_messages(db, conversation_id=conversation.id, last=TRANSCRIPT_LIMIT)
    notes = list_notes(db, escalation_id=escalation.id)
    return EscalationDetail(
        escalation=EscalationOut.of(escalation),
        channel=conversation.channel,
        user=mask_id(conversation.session_id),
        messages=[Message.from_stored(m) for m in messages],
        notes=[NoteOut(**dataclasses.asdict(n)) for n in notes],
        records=[ServiceRecordOut.of(r) for r in list_records(db, conversation_id=conversation.id)],
    )


@router.get("/{escalation_id}", response_model=EscalationDetail, responses=ERRORS)
async def detail(escalation_id: EscalationId, staff: Staff, services: ServicesDep) -> EscalationDetail:
    """The escalation with the transcript (its last 500 messages), the bot's citations included."""
    return await services.store(_detail, staff=staff, escalation_id=escalation_id)


def _note(db: sqlite_utils.Database, *, staff: StaffMember, escalation_id: int, text: str) -> NoteOut:
    escalation = _escalation(db, staff=staff, escalation_id=escalation_id)
    added = add_note(db, escalation_id=escalation.id, staff_name=staff.name, text=text)
    return NoteOut(**dataclasses.asdict(added))


@router.post("/{escalation_id}/notes", response_model=NoteOut, responses=ERRORS)
async def note(escalation_id: EscalationId, body: NoteRequest, staff: Staff, services: ServicesDep) -> NoteOut:
    """An internal note for colleagues; the user never sees it."""
    return await services.store(_note, staff=staff, escalation_id=escalation_id, text=body.text.strip())


@router.post("/{escalation_id}/claim", response_model=EscalationOut, responses=ERRORS)
async def claim(escalation_id: EscalationId, staff: Staff, services: ServicesDep) -> EscalationOut:
    """Take the conversation; the user is told who serves them."""

    def change(db: sqlite_utils.Database) -> Escalation:
        escalation = _escalation(db, staff=staff, escalation_id=escalation_id)
        return claim_escalation(db, escalation_id=escalation.id, staff_name=staff.name)

    return EscalationOut.of(await _change(services, change))


@router.post("/{escalation_id}/assign", response_model=EscalationOut, responses=ERRORS)
async def assign(
    escalation_id: EscalationId, body: AssignRequest, staff: Staff, services: ServicesDep
) -> EscalationOut:
    """Hand the conversation to a colleague who may work it."""

    def change(db: sqlite_utils.Database) -> Escalation:
        escalation = _escalation(db, staff=staff, escalation_id=escalation_id)
        colleague = find_staff(db, name=body.staff_name)
        if colleague is None or colleague.disabled:
            raise ApiError(404, "staff_not_found")
        if not colleague.may_handle(escalation.department):
            raise ApiError(403, "staff_forbidden")
        return claim_escalation(db, escalation_id=escalation.id, staff_name=colleague.name)

    return EscalationOut.of(await _change(services, change))


@router.post("/{escalation_id}/reply", response_model=Message, responses=ERRORS)
async def reply(escalation_id: EscalationId, body: ReplyRequest, staff: Staff, services: ServicesDep) -> Message:
    """Send a reply to the user, live. Only the member serving the conversation (or an admin) may."""
    if not body.text.strip():
        raise ApiError(422, "staff_reply_empty")
    reply_text = body.text.strip()

    def change(db: sqlite_utils.Database) -> StoredMessage:
        escalation = _escalation(db, staff=staff, escalation_id=escalation_id, serving=True)
        return post_staff_reply(db, escalation_id=escalation.id, text=reply_text)

    return Message.from_stored(await _change(services, change))


@router.post("/{escalation_id}/resolve", response_model=EscalationOut, responses=ERRORS)
async def resolve(escalation_id: EscalationId, staff: Staff, services: ServicesDep) -> EscalationOut:
    """Close the case: the bot answers the user's next message and the user is asked for a rating."""

    def change(db: sqlite_utils.Database) -> Escalation:
        escalation = _escalation(db, staff=staff, escalation_id=escalation_id, serving=True)
        return resolve_escalation(db, escalation_id=escalation.id)

    return EscalationOut.of(await _change(services, change))

"""The staff API's JSON shapes (the console and its tests use them)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, Field

from api.schemas import MAX_TEXT_CHARS, Message
from api.store.escalations import Escalation
from api.store.service_records import ServiceRecord
from api.store.staff import StaffMember


class LoginRequest(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class StaffOut(BaseModel):
    name: str
    role: str
    departments: list[str]
    disabled: bool = False

    @classmethod
    def of(cls, member: StaffMember) -> StaffOut:
        return cls(name=member.name, role=member.role, departments=member.departments, disabled=member.disabled)


class LoginResponse(BaseModel):
    staff: StaffOut
    csrf_token: str = Field(description="Send it back as X-CSRF-Token on every change")
    queue_amber_minutes: int = 5
    queue_red_minutes: int = 15


class EscalationOut(BaseModel):
    id: int
    conversation_id: str
    status: str
    reason: str
    topic: str
    department: str = Field(description='Routed department; "" is the general queue')
    departments: list[str]
    summary: str
    staff_name: str
    created_at: str
    claimed_at: str
    resolved_at: str
    rating: int | None
    waiting_seconds: int = Field(description="Since the user asked for a person, until claimed (or now)")

    @classmethod
    def of(cls, e: Escalation) -> EscalationOut:
        start = datetime.fromisoformat(e.created_at)
        end = datetime.fromisoformat(e.claimed_at) if e.claimed_at else datetime.now(timezone.utc)
        fields = {k: v for k, v in dataclasses.asdict(e).items() if k in cls.model_fields}
        return cls(**fields, waiting_seconds=max(0, int((end - start).total_seconds())))


class NoteOut(BaseModel):
    id: int
    staff_name: str
    text: str
    created_at: str


class ServiceRecordOut(BaseModel):
    """A pre-application record: the item, the pre-check outcome and the full record."""

    reference: str
    conversation_id: str
    item_id: str
    item: str
    category: str
    outcome: str = Field(description="eligible, not_eligible or review")
    headline: str
    record: dict[str, Any] = Field(description="Answers, materials, steps, facts and legal basis")
    created_at: str

    @classmethod
    def of(cls, r: ServiceRecord) -> ServiceRecordOut:
        return cls(**{k: v for k, v in dataclasses.asdict(r).items() if k in cls.model_fields})


class EscalationDetail(BaseModel):
    escalation: EscalationOut
    channel: str
    user: str = Field(description="The user's identity on that channel (web session id, WeChat OpenID)")
    messages: list[Message]
    notes: list[NoteOut]
    records: list[ServiceRecordOut] = Field(description="The conversation's pre-application records, newest first")


class NoteRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class CannedReply(BaseModel):
    title: str
    text: str


class FaqRequest(BaseModel):
    question: str = Field(min_length=1, max_length=200)
    variants: list[str] = Field(default=[], max_length=10)
    answer: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    clause_ids: list[str] = Field(default=[], max_length=10, description="Clauses the answer rests on")


class FaqOut(BaseModel):
    clause_id: str
    label: str
    document: str


class ReplyRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class AssignRequest(BaseModel):
    staff_name: str = Field(min_length=1, max_length=64)

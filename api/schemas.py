"""The gateway's JSON contract (shared by the web widget, WeChat and the tests)."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from api.store.conversations import StoredMessage
from api.store.escalations import ConversationStatus
from knowledge.payloads import Citation  # the API shows the citations exactly as the actions send them

MAX_TEXT_CHARS = 1000
MAX_REASON_CHARS = 500
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,128}$"
CLIENT_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class SessionRequest(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN, description="The browser's (or channel user's) session id")


class ChatRequest(SessionRequest):
    text: str = Field(description="What the user typed, 1 to 1000 characters")
    client_id: str | None = Field(
        default=None,
        pattern=CLIENT_ID_PATTERN,
        description="The sender's own id for this message; a retry with the same id is not stored or answered twice",
    )

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("empty_text")
        if len(value) > MAX_TEXT_CHARS:
            raise ValueError("text_too_long")
        return value


class Button(BaseModel):
    title: str
    payload: str


class Message(BaseModel):
    id: int
    sender: Literal["user", "bot", "staff", "system"]
    text: str
    buttons: list[Button] = []
    citations: list[Citation] = []
    custom: dict[str, Any] = {}
    created_at: str
    client_id: str | None = None

    @classmethod
    def from_stored(cls, m: StoredMessage) -> Message:
        """The web channel's rendering of a stored message: its typed citations, its custom column as stored."""
        return cls(
            id=m.id,
            sender=m.sender,
            text=m.text,
            buttons=[Button(**b) for b in m.buttons],
            citations=m.citations,
            custom=m.custom,
            created_at=m.created_at,
            client_id=m.client_id,
        )


State = Literal["bot", "waiting", "staff"]


class Status(BaseModel):
    """Who serves the conversation, as the chat shows it."""

    state: State = "bot"
    staff_name: str = ""
    escalation_id: int | None = None
    awaiting_rating: bool = False

    @classmethod
    def from_store(cls, status: ConversationStatus) -> Status:
        return cls.model_validate(dataclasses.asdict(status))


class ChatResponse(BaseModel):
    conversation_id: str
    state: State
    status: Status
    messages: list[Message]
    duplicate: bool = Field(default=False, description="True when this client_id had been received before")


class HistoryResponse(BaseModel):
    conversation_id: str | None
    status: Status
    messages: list[Message]


class FeedbackReasonRequest(SessionRequest):
    message_id: int = Field(ge=1, le=2**63 - 1, description="The answer the feedback was about")
    reason: str = Field(max_length=MAX_REASON_CHARS)


class RatingRequest(SessionRequest):
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=MAX_REASON_CHARS)


class Notice(BaseModel):
    detail: str
    status: Status


class ErrorResponse(BaseModel):
    detail: str
    errors: list[dict[str, str]] = []


class HealthPart(BaseModel):
    ok: bool
    detail: str = ""


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"]
    parts: dict[str, HealthPart]

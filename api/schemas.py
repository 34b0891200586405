"""The gateway's JSON contract (shared by the web widget, WeChat and the tests)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from api.store.conversations import StoredMessage

MAX_TEXT_CHARS = 1000
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,128}$"


class ChatRequest(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN, description="The browser's (or channel user's) session id")
    text: str = Field(description="What the user typed, 1 to 1000 characters")

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


class Citation(BaseModel):
    document: str
    doc_no: str
    article: str
    departments: list[str]
    score: float
    text: str = ""


class Message(BaseModel):
    id: int
    sender: str
    text: str
    buttons: list[Button] = []
    citations: list[Citation] = []
    custom: dict[str, Any] = {}
    created_at: str

    @classmethod
    def from_stored(cls, m: StoredMessage) -> Message:
        return cls(
            id=m.id,
            sender=m.sender,
            text=m.text,
            buttons=[Button(**b) for b in m.buttons],
            citations=[Citation(**c) for c in m.citations],
            custom=m.custom,
            created_at=m.created_at,
        )


class ChatResponse(BaseModel):
    conversation_id: str
    state: Literal["bot", "waiting", "staff"]
    messages: list[Message]


class ErrorResponse(BaseModel):
    detail: str
    errors: list[dict[str, str]] = []


class HealthPart(BaseModel):
    ok: bool
    detail: str = ""


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"]
    parts: dict[str, HealthPart]

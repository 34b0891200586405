"""Conversations and their messages: every message in and every reply out.

>>> from api.store.database import open_database
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s1")
>>> get_or_create_conversation(db, channel="web", session_id="s1").id == conv.id
True
>>> _ = add_message(db, conversation_id=conv.id, sender="user", text="你好")
>>> _ = add_messages(db, conversation_id=conv.id, sender="bot", messages=[OutgoingMessage(text="您好")])
>>> [(m.sender, m.text) for m in list_messages(db, conversation_id=conv.id)]
[('user', '你好'), ('bot', '您好')]
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

import sqlite_utils

Sender = Literal["user", "bot", "staff", "system"]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Conversation:
    id: str
    channel: str
    session_id: str
    state: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class OutgoingMessage:
    """A reply to store: text with its buttons, citations and any other custom payload."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: str
    sender: str
    text: str
    buttons: list[dict[str, str]]
    citations: list[dict[str, Any]]
    custom: dict[str, Any]
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredMessage:
        return cls(
            id=row["id"],
            conversation_id=row["conversation_id"],
            sender=row["sender"],
            text=row["text"],
            buttons=json.loads(row["buttons"] or "[]"),
            citations=json.loads(row["citations"] or "[]"),
            custom=json.loads(row["custom"] or "{}"),
            created_at=row["created_at"],
        )


def get_or_create_conversation(db: sqlite_utils.Database, *, channel: str, session_id: str) -> Conversation:
    """The conversation of this channel's session, created on first contact."""
    rows = list(db.table("conversations").rows_where("channel = ? and session_id = ?", [channel, session_id]))
    if rows:
        return Conversation(**rows[0])
    stamp = now()
    row = {
        "id": uuid.uuid4().hex,
        "channel": channel,
        "session_id": session_id,
        "state": "bot",
        "created_at": stamp,
        "updated_at": stamp,
    }
    with db.conn:
        db.table("conversations").insert(row, ignore=True)
    rows = list(db.table("conversations").rows_where("channel = ? and session_id = ?", [channel, session_id]))
    return Conversation(**rows[0])


def _row(conversation_id: str, sender: str, message: OutgoingMessage, stamp: str) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "sender": sender,
        "text": message.text,
        "buttons": json.dumps(message.buttons, ensure_ascii=False),
        "citations": json.dumps(message.citations, ensure_ascii=False),
        "custom": json.dumps(message.custom, ensure_ascii=False),
        "created_at": stamp,
    }


def add_message(db: sqlite_utils.Database, *, conversation_id: str, sender: Sender, text: str) -> StoredMessage:
    """Store one plain message (typically the user's) and return it."""
    return add_messages(db, conversation_id=conversation_id, sender=sender, messages=[OutgoingMessage(text=text)])[0]


def add_messages(
    db: sqlite_utils.Database, *, conversation_id: str, sender: Sender, messages: Sequence[OutgoingMessage]
) -> list[StoredMessage]:
    """Store several messages from one sender in one transaction, in order."""
    stamp = now()
    ids: list[int] = []
    with db.conn:
        for message in messages:
            table = db.table("messages").insert(_row(conversation_id, sender, message, stamp))
            ids.append(int(table.last_rowid or 0))
        db.table("conversations").update(conversation_id, {"updated_at": stamp})
    return [StoredMessage.from_row(db.table("messages").get(i)) for i in ids]


def list_messages(db: sqlite_utils.Database, *, conversation_id: str, after_id: int = 0) -> list[StoredMessage]:
    """The conversation's messages in order, optionally only those after ``after_id``."""
    rows = db.table("messages").rows_where("conversation_id = ? and id > ?", [conversation_id, after_id], order_by="id")
    return [StoredMessage.from_row(r) for r in rows]

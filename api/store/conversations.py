"""Conversations and their messages: every message in and every reply out.

A bot message carries its :class:`knowledge.payloads.BotPayload`: the citations are stored in
the ``citations`` column, the payload's other fields in ``custom`` (where a staff member's
reply keeps their name instead), and reading a row gives the typed payload back.

>>> from api.store.database import open_database
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s1")
>>> get_or_create_conversation(db, channel="web", session_id="s1").id == conv.id
True
>>> _ = add_message(db, conversation_id=conv.id, sender="user", text="你好")
>>> cited = BotPayload(citations=[Citation.plain("排污许可管理条例", "第十四条")])
>>> _ = add_messages(db, conversation_id=conv.id, sender="bot", messages=[OutgoingMessage("您好", payload=cited)])
>>> [(m.sender, m.text, len(m.citations)) for m in list_messages(db, conversation_id=conv.id)]
[('user', '你好', 0), ('bot', '您好', 1)]
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

import sqlite_utils

from knowledge.payloads import BotPayload, Citation

logger = logging.getLogger(__name__)
Sender = Literal["user", "bot", "staff", "system"]
PAGE_SIZE = 200
"""The most messages one read returns (history, event streams); clients read on from the last id."""
REPLIES_LIMIT = 20


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
    rasa_paused: int = 0


@dataclass(frozen=True)
class OutgoingMessage:
    """A reply to store: text with its buttons and the bot's payload (citations, hand-off, …)."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    payload: BotPayload = field(default_factory=BotPayload)


@dataclass(frozen=True)
class StoredMessage:
    """A stored message. ``payload`` is the bot's, typed (empty for other senders); ``custom`` is
    the column as stored, what the API shows (a bot payload's fields, or a staff member's name)."""

    id: int
    conversation_id: str
    sender: Sender
    text: str
    buttons: list[dict[str, str]]
    payload: BotPayload
    custom: dict[str, Any]
    created_at: str
    client_id: str | None = None

    @property
    def citations(self) -> list[Citation]:
        return self.payload.citations

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredMessage:
        custom = json.loads(row["custom"] or "{}")
        payload = BotPayload()
        if row["sender"] == "bot":
            # read leniently: a stored part that no longer validates costs only itself (it was
            # logged when it arrived, so it is not logged again on every read)
            payload, problems = BotPayload.read({**custom, "citations": json.loads(row["citations"] or "[]")})
            if problems:
                logger.debug("message %s: stored payload parts left out: %s", row["id"], "; ".join(problems))
        return cls(
            id=row["id"],
            conversation_id=row["conversation_id"],
            sender=row["sender"],
            text=row["text"],
            buttons=json.loads(row["buttons"] or "[]"),
            payload=payload,
            custom=custom,
            created_at=row["created_at"],
            client_id=row.get("client_id"),
        )


class DuplicateMessage(Exception):
    """A message with this ``client_id`` was already stored in the conversation."""


def find_conversation(db: sqlite_utils.Database, *, channel: str, session_id: str) -> Conversation | None:
    """The conversation of this channel's session, or ``None`` before its first message."""
    rows = list(db.table("conversations").rows_where("channel = ? and session_id = ?", [channel, session_id]))
    return Conversation(**rows[0]) if rows else None


def get_conversation(db: sqlite_utils.Database, *, conversation_id: str) -> Conversation:
    """The conversation by id; raises ``sqlite_utils.db.NotFoundError`` when there is none."""
    return Conversation(**db.table("conversations").get(conversation_id))


def get_or_create_conversation(db: sqlite_utils.Database, *, channel: str, session_id: str) -> Conversation:
    """The conversation of this channel's session, created on first contact."""
    if (found := find_conversation(db, channel=channel, session_id=session_id)) is not None:
        return found
    stamp = now()
    row = {
        "id": uuid.uuid4().hex,
        "channel": channel,
        "session_id": session_id,
        "state": "bot",
        "created_at": stamp,
        "updated_at": stamp,
    }
    with db.atomic():
        db.table("conversations").insert(row, ignore=True)
    rows = list(db.table("conversations").rows_where("channel = ? and session_id = ?", [channel, session_id]))
    return Conversation(**rows[0])


def set_rasa_paused(db: sqlite_utils.Database, *, conversation_id: str, paused: bool) -> None:
    """Remember whether Rasa's tracker for this conversation is paused (resumed on the next bot turn)."""
    with db.atomic():
        db.table("conversations").update(conversation_id, {"rasa_paused": int(paused)})


def message_row(
    conversation_id: str, sender: str, message: OutgoingMessage, stamp: str, client_id: str | None = None
) -> dict[str, Any]:
    custom = message.payload.json_message()
    citations = custom.pop("citations", [])
    return {
        "conversation_id": conversation_id,
        "sender": sender,
        "text": message.text,
        "buttons": json.dumps(message.buttons, ensure_ascii=False),
        "citations": json.dumps(citations, ensure_ascii=False),
        "custom": json.dumps(custom, ensure_ascii=False),
        "created_at": stamp,
        "client_id": client_id,
    }


def insert_row(db: sqlite_utils.Database, row: dict[str, Any]) -> int:
    """Insert one message row and touch its conversation, inside the caller's transaction.

    Plain ``execute`` rather than ``Table.insert``: the latter commits on its own, which
    would split a multi-row write into several transactions.
    """
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.conn.execute(f"insert into messages ({columns}) values ({marks})", list(row.values()))
    db.conn.execute("update conversations set updated_at = ? where id = ?", [row["created_at"], row["conversation_id"]])
    return int(cursor.lastrowid or 0)


def add_message(
    db: sqlite_utils.Database,
    *,
    conversation_id: str,
    sender: Sender,
    text: str,
    client_id: str | None = None,
    custom: dict[str, Any] | None = None,
) -> StoredMessage:
    """Store one plain message (typically the user's) and return it.

    ``client_id`` is the sender's own id for the message; sending it twice raises
    :class:`DuplicateMessage`, which is how a retried send after a network loss is
    recognised instead of being stored again. ``custom`` annotates a message that is not
    the bot's (a staff member's name).
    """
    stamp = now()
    row = message_row(conversation_id, sender, OutgoingMessage(text=text), stamp, client_id)
    row["custom"] = json.dumps(custom or {}, ensure_ascii=False)
    try:
        with db.atomic():
            message_id = insert_row(db, row)
    except sqlite3.IntegrityError as exc:
        if client_id and find_by_client_id(db, conversation_id=conversation_id, client_id=client_id):
            raise DuplicateMessage(client_id) from exc
        raise
    return StoredMessage.from_row(db.table("messages").get(message_id))


def find_by_client_id(db: sqlite_utils.Database, *, conversation_id: str, client_id: str) -> StoredMessage | None:
    rows = list(db.table("messages").rows_where("conversation_id = ? and client_id = ?", [conversation_id, client_id]))
    return StoredMessage.from_row(rows[0]) if rows else None


def replies_to(db: sqlite_utils.Database, *, message: StoredMessage) -> list[StoredMessage]:
    """The messages that followed ``message`` up to the user's next one (its replies so far)."""
    replies: list[StoredMessage] = []
    for later in list_messages(db, conversation_id=message.conversation_id, after_id=message.id, limit=REPLIES_LIMIT):
        if later.sender == "user":
            break
        replies.append(later)
    return replies


def latest_answer(db: sqlite_utils.Database, *, conversation_id: str) -> StoredMessage | None:
    """The most recent bot message that cited clauses: what a 有用/没用 refers to."""
    rows = db.table("messages").rows_where(
        "conversation_id = ? and sender = 'bot' and citations not in ('', '[]')",
        [conversation_id],
        order_by="id desc",
        limit=1,
    )
    return next((StoredMessage.from_row(r) for r in rows), None)


def add_messages(
    db: sqlite_utils.Database, *, conversation_id: str, sender: Sender, messages: Sequence[OutgoingMessage]
) -> list[StoredMessage]:
    """Store several messages from one sender in one transaction, in order."""
    stamp = now()
    with db.atomic():
        ids = [insert_row(db, message_row(conversation_id, sender, message, stamp)) for message in messages]
    return [StoredMessage.from_row(db.table("messages").get(i)) for i in ids]


def list_messages(
    db: sqlite_utils.Database,
    *,
    conversation_id: str,
    after_id: int = 0,
    limit: int = PAGE_SIZE,
    last: int | None = None,
) -> list[StoredMessage]:
    """The conversation's messages in order: the first ``limit`` after ``after_id``, or the ``last`` ones.

    Every read is bounded, so a long conversation never loads a whole table at once; a
    client reads on with ``after_id`` set to the last id it got.
    """
    if last is not None:
        rows = db.table("messages").rows_where(
            "conversation_id = ? and id > ?", [conversation_id, after_id], order_by="id desc", limit=last
        )
        return [StoredMessage.from_row(r) for r in reversed(list(rows))]
    rows = db.table("messages").rows_where(
        "conversation_id = ? and id > ?", [conversation_id, after_id], order_by="id", limit=limit
    )
    return [StoredMessage.from_row(r) for r in rows]

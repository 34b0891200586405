"""Escalations: a conversation handed from the bot to bureau staff, and back.

A conversation's ``state`` follows its newest escalation: ``waiting`` in the queue,
``staff`` once someone claimed it, and ``bot`` again after it is resolved or the user
went back to the assistant. Every transition writes the escalation, the conversation's
state and the system message the user sees in one transaction.

>>> from api.store.database import open_database
>>> from api.store.conversations import get_or_create_conversation, get_conversation
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s")
>>> esc = open_escalation(db, conversation_id=conv.id, reason="request", topic="排污许可",
...                       departments=["环评处"], summary="用户：我要找人工")
>>> get_conversation(db, conversation_id=conv.id).state
'waiting'
>>> esc = claim_escalation(db, escalation_id=esc.id, staff_name="王芳")
>>> (esc.status, get_conversation(db, conversation_id=conv.id).state)
('staff', 'staff')
>>> _ = post_staff_reply(db, escalation_id=esc.id, text="您好，我来为您解答。")
>>> esc = resolve_escalation(db, escalation_id=esc.id)
>>> (esc.status, get_conversation(db, conversation_id=conv.id).state)
('resolved', 'bot')
>>> rate_escalation(db, escalation_id=esc.id, rating=5).rating
5
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from api.store.conversations import OutgoingMessage, StoredMessage, add_message, insert_row, message_row, now
from knowledge.texts import text

QUEUE_LIMIT = 200
"""The most escalations one queue read returns."""
OPEN_STATUSES = ("waiting", "staff")
RATINGS = range(1, 6)


class EscalationError(Exception):
    """A transition that the escalation's current status does not allow."""


@dataclass(frozen=True)
class Escalation:
    id: int
    conversation_id: str
    status: str
    reason: str
    topic: str
    departments: list[str]
    summary: str
    staff_name: str
    created_at: str
    claimed_at: str
    resolved_at: str
    rating: int | None
    rating_comment: str
    rated_at: str
    department: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Escalation:
        return cls(
            **{
                **row,
                "departments": json.loads(row["departments"] or "[]"),
                **{k: row[k] or "" for k in ("topic", "summary", "staff_name", "claimed_at", "resolved_at")},
                **{k: row[k] or "" for k in ("rating_comment", "rated_at")},
            }
        )

    @property
    def awaiting_rating(self) -> bool:
        """Resolved by staff and not yet rated by the user."""
        return self.status == "resolved" and bool(self.staff_name) and self.rating is None


def route(departments: list[str]) -> str:
    """The department an escalation goes to: the first bureau division (…处) among the clause's
    departments, else the first one named, else "" (the general queue).

    >>> route(["各区生态环境局", "环评处"]), route(["各区生态环境局"]), route([])
    ('环评处', '各区生态环境局', '')
    """
    divisions = [d for d in departments if d.endswith("处")]
    return (divisions or departments or [""])[0]


def list_escalations(
    db: sqlite_utils.Database,
    *,
    statuses: tuple[str, ...],
    departments: list[str] | None = None,
    newest_first: bool = False,
    limit: int = QUEUE_LIMIT,
    before_id: int | None = None,
) -> list[Escalation]:
    """At most ``limit`` escalations in these statuses, oldest first (or newest first);
    ``departments`` limits them to those departments and the general queue (``None``: all);
    ``before_id`` reads on to older ones."""
    where = f"status in ({', '.join('?' for _ in statuses)})"
    args: list[str | int] = list(statuses)
    if before_id is not None:
        where += " and id < ?"
        args.append(before_id)
    if departments is not None:
        where += f" and department in ({', '.join('?' for _ in ['', *departments])})"
        args += ["", *departments]
    order = "id desc" if newest_first else "id"
    return [
        Escalation.from_row(r) for r in db.table("escalations").rows_where(where, args, order_by=order, limit=limit)
    ]


def get_escalation(db: sqlite_utils.Database, *, escalation_id: int) -> Escalation:
    return Escalation.from_row(db.table("escalations").get(escalation_id))


def latest_escalation(db: sqlite_utils.Database, *, conversation_id: str) -> Escalation | None:
    rows = db.table("escalations").rows_where("conversation_id = ?", [conversation_id], order_by="id desc", limit=1)
    return next((Escalation.from_row(r) for r in rows), None)


def _transition(
    db: sqlite_utils.Database, escalation: Escalation, changes: dict[str, Any], *, state: str, notice: str
) -> Escalation:
    """Update the escalation, its conversation's state and tell the user, in one transaction."""
    stamp = now()
    assignments = ", ".join(f"{k} = ?" for k in changes)
    with db.atomic():
        db.conn.execute(f"update escalations set {assignments} where id = ?", [*changes.values(), escalation.id])
        db.conn.execute("update conversations set state = ? where id = ?", [state, escalation.conversation_id])
        insert_row(db, message_row(escalation.conversation_id, "system", OutgoingMessage(text=notice), stamp))
    return get_escalation(db, escalation_id=escalation.id)


def open_escalation(
    db: sqlite_utils.Database,
    *,
    conversation_id: str,
    reason: str,
    topic: str,
    departments: list[str],
    summary: str,
) -> Escalation:
    """Put the conversation in the queue; an already open escalation is returned as it is."""
    current = latest_escalation(db, conversation_id=conversation_id)
    if current is not None and current.status in OPEN_STATUSES:
        return current
    row = {
        "conversation_id": conversation_id,
        "status": "waiting",
        "reason": reason,
        "topic": topic,
        "departments": json.dumps(departments, ensure_ascii=False),
        "summary": summary,
        "created_at": now(),
        "department": route(departments),
    }
    with db.atomic():
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = db.conn.execute(f"insert into escalations ({columns}) values ({marks})", list(row.values()))
        db.conn.execute("update conversations set state = 'waiting' where id = ?", [conversation_id])
    return get_escalation(db, escalation_id=int(cursor.lastrowid or 0))


def claim_escalation(db: sqlite_utils.Database, *, escalation_id: int, staff_name: str) -> Escalation:
    """A member of staff takes the conversation; the user is told who is serving them."""
    escalation = get_escalation(db, escalation_id=escalation_id)
    if escalation.status not in OPEN_STATUSES:
        raise EscalationError(f"escalation {escalation_id} is {escalation.status}")
    return _transition(
        db,
        escalation,
        {"status": "staff", "staff_name": staff_name, "claimed_at": now()},
        state="staff",
        notice=text("handoff_claimed").format(staff_name=staff_name),
    )


def post_staff_reply(db: sqlite_utils.Database, *, escalation_id: int, text: str) -> StoredMessage:
    """Store a reply of the member of staff serving this escalation, shown to the user live."""
    escalation = get_escalation(db, escalation_id=escalation_id)
    if escalation.status != "staff":
        raise EscalationError(f"escalation {escalation_id} is {escalation.status}, not with staff")
    return add_message(
        db,
        conversation_id=escalation.conversation_id,
        sender="staff",
        text=text,
        custom={"staff_name": escalation.staff_name},
    )


def _close(db: sqlite_utils.Database, escalation_id: int, status: str, notice: str) -> Escalation:
    escalation = get_escalation(db, escalation_id=escalation_id)
    if escalation.status not in OPEN_STATUSES:
        raise EscalationError(f"escalation {escalation_id} is already {escalation.status}")
    return _transition(db, escalation, {"status": status, "resolved_at": now()}, state="bot", notice=text(notice))


def resolve_escalation(db: sqlite_utils.Database, *, escalation_id: int) -> Escalation:
    """Staff closed the case: the bot answers again and the user is asked for a 1–5 rating."""
    return _close(db, escalation_id, "resolved", "handoff_resolved")


def cancel_escalation(db: sqlite_utils.Database, *, escalation_id: int) -> Escalation:
    """The user went back to the assistant before anyone took the conversation."""
    return _close(db, escalation_id, "cancelled", "handoff_cancelled")


def rate_escalation(db: sqlite_utils.Database, *, escalation_id: int, rating: int, comment: str = "") -> Escalation:
    """The user's 1–5 satisfaction rating of a resolved escalation (once)."""
    escalation = get_escalation(db, escalation_id=escalation_id)
    if rating not in RATINGS:
        raise EscalationError(f"rating {rating} is not between 1 and 5")
    if not escalation.awaiting_rating:
        raise EscalationError(f"escalation {escalation_id} is not waiting for a rating")
    with db.atomic():
        db.conn.execute(
            "update escalations set rating = ?, rating_comment = ?, rated_at = ? where id = ?",
            [rating, comment, now(), escalation_id],
        )
    return get_escalation(db, escalation_id=escalation_id)


@dataclass(frozen=True)
class ConversationStatus:
    """What the user's chat shows about who is serving them."""

    state: str = "bot"
    staff_name: str = ""
    escalation_id: int | None = None
    awaiting_rating: bool = False


def status_of(db: sqlite_utils.Database, *, conversation_id: str | None) -> ConversationStatus:
    """The conversation's state with its newest escalation (a new session is served by the bot)."""
    if conversation_id is None:
        return ConversationStatus()
    escalation = latest_escalation(db, conversation_id=conversation_id)
    if escalation is None:
        return ConversationStatus()
    state = escalation.status if escalation.status in OPEN_STATUSES else "bot"
    return ConversationStatus(
        state=state,
        staff_name=escalation.staff_name if state == "staff" or escalation.awaiting_rating else "",
        escalation_id=escalation.id,
        awaiting_rating=escalation.awaiting_rating,
    )


@dataclass(frozen=True)
class Note:
    id: int
    escalation_id: int
    staff_name: str
    text: str
    created_at: str


def add_note(db: sqlite_utils.Database, *, escalation_id: int, staff_name: str, text: str) -> Note:
    """An internal note on the escalation, for colleagues only."""
    with db.atomic():
        cursor = db.conn.execute(
            "insert into escalation_notes (escalation_id, staff_name, text, created_at) values (?, ?, ?, ?)",
            [escalation_id, staff_name, text, now()],
        )
    return Note(**db.table("escalation_notes").get(int(cursor.lastrowid or 0)))


def list_notes(db: sqlite_utils.Database, *, escalation_id: int) -> list[Note]:
    return [
        Note(**r) for r in db.table("escalation_notes").rows_where("escalation_id = ?", [escalation_id], order_by="id")
    ]

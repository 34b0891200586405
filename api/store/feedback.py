"""有用/没用 feedback on answers, kept with the clause and question it refers to.

>>> from api.store.database import open_database
>>> from api.store.conversations import get_or_create_conversation
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s")
>>> record_feedback(db, conversation_id=conv.id, message_id=None, value="useful",
...                 clause_id="d:（二）", query="两证合一")
>>> [(f["value"], f["clause_id"]) for f in list_feedback(db)]
[('useful', 'd:（二）')]
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from api.store.conversations import now

VALUES = {"useful", "useless"}


class FeedbackNotFound(LookupError):
    """No feedback on that message in that conversation."""


def record_feedback(
    db: sqlite_utils.Database,
    *,
    conversation_id: str,
    message_id: int | None,
    value: str,
    clause_id: str | None,
    query: str | None,
) -> None:
    """Store one feedback; a value other than ``useful``/``useless`` is ignored."""
    if value not in VALUES:
        return
    with db.atomic():
        db.table("feedback").insert(
            {
                "conversation_id": conversation_id,
                "message_id": message_id,
                "value": value,
                "clause_id": clause_id,
                "query": query,
                "created_at": now(),
            }
        )


def list_feedback(db: sqlite_utils.Database, *, value: str | None = None) -> list[dict[str, Any]]:
    where, args = ("value = ?", [value]) if value else (None, [])
    return list(db.table("feedback").rows_where(where, args, order_by="id"))


def add_feedback_reason(db: sqlite_utils.Database, *, conversation_id: str, message_id: int, reason: str) -> None:
    """Attach the user's optional explanation to their latest feedback on ``message_id``.

    >>> from api.store.database import open_database
    >>> from api.store.conversations import get_or_create_conversation, add_message
    >>> db = open_database(":memory:")
    >>> conv = get_or_create_conversation(db, channel="web", session_id="s")
    >>> answer = add_message(db, conversation_id=conv.id, sender="bot", text="答复")
    >>> record_feedback(db, conversation_id=conv.id, message_id=answer.id, value="useless",
    ...                 clause_id=None, query="q")
    >>> add_feedback_reason(db, conversation_id=conv.id, message_id=answer.id, reason="没有回答我的问题")
    >>> list_feedback(db)[0]["reason"]
    '没有回答我的问题'
    """
    rows = list(
        db.table("feedback").rows_where(
            "conversation_id = ? and message_id = ?", [conversation_id, message_id], order_by="id desc", limit=1
        )
    )
    if not rows:
        raise FeedbackNotFound(message_id)
    with db.atomic():
        db.conn.execute("update feedback set reason = ? where id = ?", [reason, rows[0]["id"]])

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
    with db.conn:
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

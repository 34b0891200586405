"""How long personal data is kept: transcripts of closed conversations are purged by age.

Messages hold whatever users typed (mobile numbers, 身份证号, company details). A
conversation that is not with staff (``state`` ``bot``) and has been idle for
``ECOASSIST_RETENTION_DAYS`` loses its messages, its feedback (which quotes the questions),
the internal notes of its escalations and their summaries and rating comments. What remains
is what statistics and the bureau's files need: the conversation and escalation rows (when,
which channel, reason, department, rating) and the pre-application records, which are
business records with their own lifetime. ``ecoassist purge`` runs it, in one transaction.

>>> from api.store.database import open_database
>>> from api.store.conversations import add_message, get_or_create_conversation
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s1")
>>> _ = add_message(db, conversation_id=conv.id, sender="user", text="我的手机号是13800138000")
>>> purge_transcripts(db, older_than_days=30).messages
0
>>> purge_transcripts(db, older_than_days=0, now=datetime.now(timezone.utc) + timedelta(days=1)).messages
1
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    conversations: int
    messages: int
    feedback: int
    notes: int
    conversation_ids: tuple[str, ...] = ()


def purge_transcripts(db: sqlite_utils.Database, *, older_than_days: float, now: datetime | None = None) -> Purged:
    """Delete the transcripts of conversations closed and idle for ``older_than_days``."""
    cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=older_than_days)).isoformat(timespec="milliseconds")
    stale = "select id from conversations where state = 'bot' and updated_at < ?"
    escalations = f"select id from escalations where conversation_id in ({stale})"
    with db.atomic():
        run = db.conn.execute
        ids = tuple(str(r[0]) for r in run(stale, [cutoff]).fetchall())
        conversations = len(ids)
        feedback = run(f"delete from feedback where conversation_id in ({stale})", [cutoff]).rowcount
        notes = run(f"delete from escalation_notes where escalation_id in ({escalations})", [cutoff]).rowcount
        run(
            "update escalations set summary = '', topic = '', rating_comment = null"
            f" where conversation_id in ({stale})",
            [cutoff],
        )
        messages = run(f"delete from messages where conversation_id in ({stale})", [cutoff]).rowcount
    purged = Purged(
        conversations=conversations, messages=messages, feedback=feedback, notes=notes, conversation_ids=ids
    )
    logger.info("purged %s messages of %s conversations idle since %s", messages, conversations, cutoff)
    return purged


def purge_rasa_events(path: Path, *, sender_ids: tuple[str, ...]) -> int:
    """Delete the events of these conversations (Rasa's sender ids) from Rasa's SQLite tracker store.

    Rasa keeps its own copy of every message (``events.data``), so retention covers it too;
    conversations still open keep their tracker. Returns how many events went; 0 when the store
    does not exist yet.
    """
    if not path.exists() or not sender_ids:
        return 0
    conn = sqlite3.connect(str(path), timeout=10.0)
    deleted = 0
    try:
        with conn:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
            if "events" not in tables:
                return 0
            for start in range(0, len(sender_ids), 500):
                batch = sender_ids[start : start + 500]
                marks = ", ".join("?" for _ in batch)
                deleted += conn.execute(f"delete from events where sender_id in ({marks})", batch).rowcount
    finally:
        conn.close()
    logger.info("purged %s events from Rasa's tracker store", deleted)
    return deleted

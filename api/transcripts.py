"""Transcripts for analysis, outside the console: JSON lines with personal data masked.

``ecoassist export`` writes one line per message of the conversations active in the last
days: what users ask and what the bot answered (with the clauses it cited) is what the
bureau reviews to improve the knowledge base, and none of it needs a phone number or an ID.

>>> import io
>>> from api.store.database import open_database
>>> from api.store.conversations import add_message, get_or_create_conversation
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s1")
>>> _ = add_message(db, conversation_id=conv.id, sender="user", text="排污证怎么办？电话13812345678")
>>> out = io.StringIO()
>>> export_transcripts(db, since_days=30, out=out)
1
>>> json.loads(out.getvalue())["text"]
'排污证怎么办？电话138****5678'
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import IO

import sqlite_utils

from api.personal_data import mask

BATCH = 500


def export_transcripts(db: sqlite_utils.Database, *, since_days: float, out: IO[str]) -> int:
    """Write the messages of conversations active in the last ``since_days`` days; returns how many."""
    since = (datetime.now(timezone.utc) - timedelta(days=since_days)).isoformat(timespec="milliseconds")
    sql = (
        "select m.id, m.conversation_id, c.channel, m.sender, m.text, m.citations, m.created_at"
        " from messages m join conversations c on c.id = m.conversation_id"
        " where c.updated_at >= ? and m.id > ? order by m.id limit ?"
    )
    written, after = 0, 0
    while rows := db.execute(sql, [since, after, BATCH]).fetchall():
        for message_id, conversation_id, channel, sender, text, citations, created_at in rows:
            cited = [f"《{c.get('document', '')}》{c.get('article', '')}" for c in json.loads(citations or "[]")]
            line = {
                "conversation": conversation_id,
                "channel": channel,
                "sender": sender,
                "text": mask(text),
                "cited": cited,
                "at": created_at,
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            written += 1
            after = message_id
    return written

"""Retention: closed conversations lose their transcripts after the configured days; nothing else does."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from api.cli import main
from api.store.conversations import add_message, get_or_create_conversation, list_messages
from api.store.database import open_database
from api.store.escalations import open_escalation
from api.store.retention import purge_rasa_events, purge_transcripts
from api.store.service_records import create_record, list_records

LATER = datetime.now(timezone.utc) + timedelta(days=200)


def test_old_closed_transcripts_go_open_ones_and_records_stay() -> None:
    db = open_database(":memory:")
    closed = get_or_create_conversation(db, channel="web", session_id="closed")
    waiting = get_or_create_conversation(db, channel="web", session_id="waiting")
    for conversation in (closed, waiting):
        add_message(db, conversation_id=conversation.id, sender="user", text="身份证号310101199001011234")
    open_escalation(db, conversation_id=waiting.id, reason="request", topic="t", departments=[], summary="s")
    create_record(db, conversation_id=closed.id, record={"item_id": "x", "item": "事项", "outcome": "eligible"})
    purged = purge_transcripts(db, older_than_days=180, now=LATER)
    assert (purged.conversations, purged.messages) == (1, 1)
    assert list_messages(db, conversation_id=closed.id) == []
    assert len(list_messages(db, conversation_id=waiting.id)) == 1  # waiting for staff: kept
    assert len(list_records(db, conversation_id=closed.id)) == 1


def test_ecoassist_purge_reports_what_it_did(home: Path) -> None:
    result = CliRunner().invoke(main, ["purge"])
    assert result.exit_code == 0, result.output
    assert "staff sessions ended: 0" in result.output and "purged after 180 days" in result.output


def test_rasa_keeps_the_trackers_of_conversations_not_purged(tmp_path: Path) -> None:
    store = tmp_path / "rasa_tracker.db"
    conn = sqlite3.connect(store)
    with conn:
        conn.execute("create table events (id integer primary key, sender_id text, timestamp real, data text)")
        conn.executemany(
            "insert into events (sender_id, timestamp, data) values (?, 0, '{}')", [("old",), ("old",), ("open",)]
        )
    assert purge_rasa_events(store, sender_ids=("old",)) == 2
    assert [r[0] for r in sqlite3.connect(store).execute("select sender_id from events")] == ["open"]

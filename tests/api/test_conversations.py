from __future__ import annotations

from pathlib import Path

from api.store.conversations import (
    OutgoingMessage,
    add_message,
    add_messages,
    get_or_create_conversation,
    list_messages,
)
from api.store.database import open_database
from knowledge.payloads import BotPayload, Citation


def test_messages_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    db = open_database(path)
    conv = get_or_create_conversation(db, channel="web", session_id="abc")
    add_message(db, conversation_id=conv.id, sender="user", text="<script>alert(1)</script>")
    cite = Citation(document="D", article="第一条", score=1.0)
    add_messages(
        db,
        conversation_id=conv.id,
        sender="bot",
        messages=[
            OutgoingMessage(text="一", payload=BotPayload(citations=[cite])),
            OutgoingMessage(text="二", buttons=[]),
        ],
    )
    db.conn.close()

    again = open_database(path)
    assert again.journal_mode == "wal"
    stored = list_messages(again, conversation_id=conv.id)
    assert [(m.sender, m.text) for m in stored] == [("user", "<script>alert(1)</script>"), ("bot", "一"), ("bot", "二")]
    assert stored[1].citations == [cite]
    assert [m.text for m in list_messages(again, conversation_id=conv.id, after_id=stored[1].id)] == ["二"]


def test_sessions_of_different_channels_are_different_conversations(tmp_path: Path) -> None:
    db = open_database(tmp_path / "app.db")
    web = get_or_create_conversation(db, channel="web", session_id="u1")
    wechat = get_or_create_conversation(db, channel="wechat", session_id="u1")
    assert web.id != wechat.id
    assert web.state == "bot"


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    open_database(tmp_path / "app.db").conn.close()
    db = open_database(tmp_path / "app.db")
    assert {"conversations", "messages"} <= set(db.table_names())

"""Open the application database (a SQLite file, WAL on) and bring its schema up to date.

>>> db = open_database(":memory:")
>>> len([t for t in db.table_names() if not t.startswith("_")])
12
>>> "service_records" in db.table_names()
True
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("ecoassist.app")


@migrations()
def m001_conversations_and_messages(db: sqlite_utils.Database) -> None:
    db.table("conversations").create(
        {
            "id": str,
            "channel": str,
            "session_id": str,
            "state": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"channel", "session_id", "state", "created_at", "updated_at"},
    )
    db.table("conversations").create_index(["channel", "session_id"], unique=True)
    db.table("messages").create(
        {
            "id": int,
            "conversation_id": str,
            "sender": str,
            "text": str,
            "buttons": str,
            "citations": str,
            "custom": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"conversation_id", "sender", "text", "created_at"},
    )
    db.table("messages").create_index(["conversation_id", "id"])


@migrations()
def m002_feedback(db: sqlite_utils.Database) -> None:
    db.table("feedback").create(
        {
            "id": int,
            "conversation_id": str,
            "message_id": int,
            "value": str,
            "clause_id": str,
            "query": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id"), ("message_id", "messages", "id")],
        not_null={"conversation_id", "value", "created_at"},
    )
    db.table("feedback").create_index(["clause_id"])


@migrations()
def m003_escalations_and_delivery(db: sqlite_utils.Database) -> None:
    """Hand-off to staff, idempotent sends (``client_id``) and the reason behind a 没用."""
    db.table("escalations").create(
        {
            "id": int,
            "conversation_id": str,
            "status": str,
            "reason": str,
            "topic": str,
            "departments": str,
            "summary": str,
            "staff_name": str,
            "created_at": str,
            "claimed_at": str,
            "resolved_at": str,
            "rating": int,
            "rating_comment": str,
            "rated_at": str,
        },
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"conversation_id", "status", "reason", "created_at"},
    )
    db.table("escalations").create_index(["conversation_id", "id"])
    db.table("escalations").create_index(["status"])
    db.table("conversations").add_column("rasa_paused", int, not_null_default=0)
    db.table("messages").add_column("client_id", str)
    db.table("messages").create_index(["conversation_id", "client_id"], unique=True)
    db.table("feedback").add_column("reason", str)


@migrations()
def m004_staff(db: sqlite_utils.Database) -> None:
    """Staff accounts, their login sessions, and the department an escalation is routed to."""
    db.table("staff").create(
        {
            "id": int,
            "name": str,
            "password_hash": str,
            "role": str,
            "departments": str,
            "disabled": int,
            "created_at": str,
        },
        pk="id",
        not_null={"name", "password_hash", "role", "departments", "disabled", "created_at"},
    )
    db.table("staff").create_index(["name"], unique=True)
    db.table("staff_sessions").create(
        {"token_hash": str, "staff_id": int, "csrf_token": str, "created_at": str, "expires_at": str},
        pk="token_hash",
        foreign_keys=[("staff_id", "staff", "id")],
        not_null={"staff_id", "csrf_token", "created_at", "expires_at"},
    )
    db.table("escalations").add_column("department", str, not_null_default="")
    db.table("escalations").create_index(["department", "status"])


@migrations()
def m005_escalation_notes(db: sqlite_utils.Database) -> None:
    """Internal notes staff keep on an escalation (never shown to the user)."""
    db.table("escalation_notes").create(
        {"id": int, "escalation_id": int, "staff_name": str, "text": str, "created_at": str},
        pk="id",
        foreign_keys=[("escalation_id", "escalations", "id")],
        not_null={"escalation_id", "staff_name", "text", "created_at"},
    )
    db.table("escalation_notes").create_index(["escalation_id", "id"])


@migrations()
def m006_service_records(db: sqlite_utils.Database) -> None:
    """Pre-application records of service walk-throughs, numbered per day (HB-20261129-0007)."""
    db.table("service_records").create(
        {
            "id": int,
            "reference": str,
            "day": str,
            "sequence": int,
            "conversation_id": str,
            "message_id": int,
            "item_id": str,
            "item": str,
            "category": str,
            "outcome": str,
            "headline": str,
            "record": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"reference", "day", "sequence", "conversation_id", "item_id", "outcome", "record", "created_at"},
    )
    db.table("service_records").create_index(["reference"], unique=True)
    db.table("service_records").create_index(["day", "sequence"], unique=True)
    db.table("service_records").create_index(["conversation_id", "id"])


@migrations()
def m007_session_activity(db: sqlite_utils.Database) -> None:
    """Staff sessions end after a spell of inactivity; transcripts are purged by age."""
    db.table("staff_sessions").add_column("last_seen_at", str)
    db.table("conversations").create_index(["updated_at"])


@migrations()
def m008_wechat(db: sqlite_utils.Database) -> None:
    """The WeChat channel's shared access token and the replies WeChat would not take yet."""
    db.table("wechat_tokens").create({"app_id": str, "token": str, "expires_at": float}, pk="app_id")
    db.table("wechat_pending").create(
        {"id": int, "openid": str, "conversation_id": str, "text": str, "reason": str, "created_at": str},
        pk="id",
        not_null={"openid", "text", "created_at"},
    )
    db.table("wechat_pending").create_index(["openid", "id"])


@migrations()
def m009_wecom_cursors(db: sqlite_utils.Database) -> None:
    """Where WeCom 微信客服's message sync left off, per customer-service account."""
    db.table("wecom_cursors").create({"open_kfid": str, "cursor": str, "updated_at": str}, pk="open_kfid")


@migrations()
def m010_wecom_answered(db: sqlite_utils.Database) -> None:
    """The WeCom messages whose answer went out (or was kept): read again, they are not answered twice."""
    db.table("wecom_answered").create({"msgid": str, "answered_at": str}, pk="msgid")


def open_database(path: Path | str) -> sqlite_utils.Database:
    """A connection usable from the gateway's threads, migrated, with WAL and foreign keys on."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10.0)
    db = sqlite_utils.Database(conn)
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute("pragma foreign_keys = on")
    db.execute("pragma synchronous = normal")
    migrations.apply(db)
    return db


def check_database(db: sqlite_utils.Database) -> None:
    """Raise :class:`sqlite3.Error` unless the database answers a query."""
    db.execute("select 1").fetchone()

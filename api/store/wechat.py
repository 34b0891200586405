"""What the WeChat channels keep: the shared access token, the replies WeChat would not take yet,
and where WeCom's message sync left off.

The access token is one per Official Account and fetching a new one invalidates the old
after a few minutes, so every gateway worker reads the one stored here. A reply the
customer-service API refused (the user's 48-hour window closed, the quota was spent, 45015/
45047) waits here until the user writes again.

>>> from api.store.database import open_database
>>> db = open_database(":memory:")
>>> save_token(db, app_id="wx1", token="T", expires_at=2_000_000_000.0)
>>> read_token(db, app_id="wx1")
('T', 2000000000.0)
>>> keep_pending(db, openid="o1", conversation_id="c1", text="答复", reason="45015")
>>> take_pending(db, openid="o1"), take_pending(db, openid="o1")
(['答复'], [])
>>> read_cursor(db, open_kfid="wk1"); save_cursor(db, open_kfid="wk1", cursor="c2"); read_cursor(db, open_kfid="wk1")
''
'c2'
"""

from __future__ import annotations

import sqlite_utils

from api.store.conversations import now


def read_token(db: sqlite_utils.Database, *, app_id: str) -> tuple[str, float] | None:
    """The stored access token and when it expires (epoch seconds), if any."""
    row = db.execute("select token, expires_at from wechat_tokens where app_id = ?", [app_id]).fetchone()
    return (str(row[0]), float(row[1])) if row else None


def save_token(db: sqlite_utils.Database, *, app_id: str, token: str, expires_at: float) -> None:
    with db.atomic():
        db.execute(
            "insert into wechat_tokens (app_id, token, expires_at) values (?, ?, ?)"
            " on conflict(app_id) do update set token = excluded.token, expires_at = excluded.expires_at",
            [app_id, token, expires_at],
        )


def keep_pending(db: sqlite_utils.Database, *, openid: str, conversation_id: str, text: str, reason: str) -> None:
    """Keep a reply WeChat refused, for when the user writes again."""
    with db.atomic():
        db.execute(
            "insert into wechat_pending (openid, conversation_id, text, reason, created_at) values (?, ?, ?, ?, ?)",
            [openid, conversation_id, text, reason, now()],
        )


def take_pending(db: sqlite_utils.Database, *, openid: str) -> list[str]:
    """The replies kept for this user, oldest first; they are removed as they are taken."""
    with db.atomic():
        rows = db.execute("select id, text from wechat_pending where openid = ? order by id", [openid]).fetchall()
        db.execute("delete from wechat_pending where openid = ?", [openid])
    return [str(text) for _, text in rows]


def read_cursor(db: sqlite_utils.Database, *, open_kfid: str) -> str:
    """Where WeCom's ``kf/sync_msg`` left off for this customer-service account ("" at first)."""
    row = db.execute("select cursor from wecom_cursors where open_kfid = ?", [open_kfid]).fetchone()
    return str(row[0]) if row else ""


def save_cursor(db: sqlite_utils.Database, *, open_kfid: str, cursor: str) -> None:
    """Remember the cursor once the messages before it are answered: a restart neither reads
    a message twice nor skips one."""
    with db.atomic():
        db.execute(
            "insert into wecom_cursors (open_kfid, cursor, updated_at) values (?, ?, ?)"
            " on conflict(open_kfid) do update set cursor = excluded.cursor, updated_at = excluded.updated_at",
            [open_kfid, cursor, now()],
        )


def was_answered(db: sqlite_utils.Database, *, msgid: str) -> bool:
    """Whether the answer to this WeCom message went out (or was kept for later)."""
    return db.execute("select 1 from wecom_answered where msgid = ?", [msgid]).fetchone() is not None


def mark_answered(db: sqlite_utils.Database, *, msgid: str) -> None:
    with db.atomic():
        db.execute("insert or ignore into wecom_answered (msgid, answered_at) values (?, ?)", [msgid, now()])

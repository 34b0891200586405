"""Single requests a fault scenario makes on the side: health, a fresh question, leaving a message.

>>> leaks_in('{"parts": {"rasa": {"ok": false, "detail": "连接失败"}}}', ["s3cr3t"])
[]
>>> leaks_in('{"detail": "Rasa unavailable at http://127.0.0.1:5005/status?token=s3cr3t"}', ["s3cr3t"])
['a URL', 'a token', 's3cr3t']
"""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import httpx

from tests.integration.system import RunningSystem
from tests.reliability.exchange import Recorder, Sent, send
from tests.reliability.ledger import open_read_only

logger = logging.getLogger(__name__)

LEAVE_MESSAGE = "/leave_message"
PROBE_QUESTION = "临港的两证合一试点是什么意思？"
_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PATH = re.compile(r"(?<![\w.])/(?:tmp|work|home|root|var|usr|etc)/")


def leaks_in(body: str, secrets: list[str]) -> list[str]:
    """What a public answer must not contain: a URL, a token, a file path, or one of ``secrets``."""
    found = []
    if _URL.search(body):
        found.append("a URL")
    if "token" in body.lower():
        found.append("a token")
    if _PATH.search(body):
        found.append("a file path")
    found += [s for s in secrets if s and s in body]
    return found


def secrets_of(system: RunningSystem) -> list[str]:
    env = system.parts.env if system.parts is not None else {}
    return [env.get("ECOASSIST_RASA_TOKEN", ""), str(system.home), str(system.database)]


async def health(client: httpx.AsyncClient) -> tuple[int, str]:
    try:
        response = await client.get("/health", timeout=10.0)
    except httpx.HTTPError as exc:
        return 0, type(exc).__name__
    return response.status_code, response.text


def offers_leave_message(sent: Sent) -> bool:
    return any(b.get("payload") == LEAVE_MESSAGE for m in sent.replies for b in m.get("buttons", []))


def bot_answered(sent: Sent) -> bool:
    return sent.acknowledged and any(m.get("sender") == "bot" and m.get("text") for m in sent.replies)


async def leave_message(client: httpx.AsyncClient, recorder: Recorder, session_id: str) -> tuple[Sent, Sent | None]:
    """Ask while the bot is down, then press 留言 (``/leave_message``) as the busy notice offers."""
    asked = await send(client, recorder, session_id=session_id, text=PROBE_QUESTION, give_up_s=10.0)
    if not offers_leave_message(asked):
        return asked, None
    left = await send(client, recorder, session_id=session_id, text=LEAVE_MESSAGE, give_up_s=10.0)
    return asked, left


def escalation_state(database: Path, session_id: str) -> str | None:
    """The status of the session's latest escalation, read-only; ``None`` when there is none."""
    with open_read_only(database) as conn:
        row = conn.execute(
            "select e.status from escalations e join conversations c on c.id = e.conversation_id "
            "where c.session_id = ? order by e.id desc limit 1",
            [session_id],
        ).fetchone()
    return None if row is None else str(row["status"])


def integrity(database: Path) -> str:
    """``PRAGMA integrity_check`` on a read-only connection: ``ok`` or what it found."""
    try:
        with open_read_only(database) as conn:
            rows: list[Any] = conn.execute("pragma integrity_check").fetchall()
    except sqlite3.Error as exc:
        return f"{type(exc).__name__}: {exc}"
    return "; ".join(str(r[0]) for r in rows)


async def resumed(client: httpx.AsyncClient, recorder: Recorder, sessions: list[str]) -> tuple[int, int]:
    """A question from each session still served by the bot; how many were answered by the bot."""
    answered = total = 0
    for session_id in sessions:
        sent = await send(client, recorder, session_id=session_id, text=PROBE_QUESTION, give_up_s=20.0)
        if sent.state != "bot":
            continue  # waiting for staff: the bot rightly stays out of it
        total += 1
        answered += bot_answered(sent)
    return answered, total

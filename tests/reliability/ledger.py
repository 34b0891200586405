"""The exactly-once check: what the simulated users sent and saw, against the gateway's database.

The database is opened read-only (``mode=ro``), so the check never writes to the system it
judges. For every session the simulators used:

- every acknowledged user message is stored exactly once, with the text that was sent
  (user messages are unique per ``conversation_id, client_id``; the count is checked anyway);
- no user message is stored that no simulator sent;
- every reply a simulator received is stored, under its id, with the same text and sender;
- every stored reply (bot or system) was received by the simulator, so nothing was stored
  twice or left unseen. Replies to a message that was never acknowledged (the user saw no
  answer, e.g. the gateway died mid-request) are counted apart as ``unseen_replies``.

A WeChat user (``Sent.channel == "wechat"``) is checked the same way on what WeChat shows: the
user messages by ``msg:<MsgId>`` (a digit is stored as the option it chose, so only typed text
is compared), and the replies stored after each message against the texts the user was shown
for it (passive and through the API): each must be there, none more often than it was stored.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.exchange import Sent

logger = logging.getLogger(__name__)


@dataclass
class LedgerReport:
    sessions: int = 0
    user_messages: int = 0
    replies: int = 0
    unacknowledged: int = 0
    unseen_replies: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.unexpected)

    def line(self) -> str:
        return (
            f"{self.sessions} sessions, {self.user_messages} user messages, {self.replies} replies checked; "
            f"lost {len(self.lost)}, duplicated {len(self.duplicated)}, unexpected {len(self.unexpected)}, "
            f"never acknowledged {self.unacknowledged}, replies stored but unseen {self.unseen_replies}"
        )


@contextmanager
def open_read_only(database: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection, closed on exit (it holds the ``-shm`` file open while it lives,
    which would keep the filesystem from being remounted read-only)."""
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10.0)
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


def check_ledger(database: Path, sent: Iterable[Sent]) -> LedgerReport:
    """Compare every session's stored messages with what its simulator sent and received."""
    by_session: dict[str, list[Sent]] = defaultdict(list)
    for s in sent:
        by_session[s.session_id].append(s)
    report = LedgerReport(sessions=len(by_session))
    with open_read_only(database) as conn:
        for session_id, messages in by_session.items():
            _check_session(conn, session_id, messages, report)
    return report


def _check_session(conn: sqlite3.Connection, session_id: str, messages: list[Sent], report: LedgerReport) -> None:
    channel = messages[0].channel
    query = "select id from conversations where channel = ? and session_id = ?"
    row = conn.execute(query, [channel, session_id]).fetchone()
    if row is None:
        acknowledged = [m for m in messages if m.acknowledged]
        report.lost += [f"{session_id}: no conversation stored for {len(acknowledged)} acknowledged messages"]
        return
    stored = conn.execute(
        "select id, sender, text, client_id from messages where conversation_id = ? order by id", [row["id"]]
    ).fetchall()
    stored_users = [r for r in stored if r["sender"] == "user"]
    by_client: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for r in stored_users:
        by_client[str(r["client_id"])].append(r)
    sent_ids = {m.client_id for m in messages}
    for m in messages:
        rows = by_client.get(m.client_id, [])
        report.user_messages += 1
        report.unacknowledged += not m.acknowledged
        if m.acknowledged and not rows:
            report.lost.append(f"{session_id}: user message {m.text[:20]!r} ({m.client_id}) acknowledged, not stored")
        if len(rows) > 1:
            report.duplicated.append(f"{session_id}: user message {m.text[:20]!r} stored {len(rows)} times")
        typed = channel == "web" or not m.text.strip().isdigit()
        if rows and typed and rows[0]["text"] != m.text.strip():
            report.unexpected.append(f"{session_id}: user message {m.client_id} stored as {rows[0]['text'][:20]!r}")
    for client_id in set(by_client) - sent_ids:
        report.unexpected.append(f"{session_id}: stored user message {client_id} that no simulator sent")
    replies = [r for r in stored if r["sender"] != "user"]
    if channel == "web":
        _check_replies(session_id, messages, replies, report)
    else:
        _check_wechat_replies(session_id, messages, replies_by_message(stored), report)


def compact(text: str) -> str:
    """Text without whitespace: a long WeChat text arrives in parts split between sentences.

    >>> compact("回复 1  是\\n好")
    '回复1是好'
    """
    return re.sub(r"\s+", "", text)


def replies_by_message(stored: Iterable[sqlite3.Row]) -> dict[str, list[str]]:
    """The texts stored after each user message (by its ``client_id``) until the next one."""
    grouped: dict[str, list[str]] = {}
    current: list[str] | None = None
    for row in stored:
        if row["sender"] == "user":
            current = grouped.setdefault(str(row["client_id"]), [])
        elif current is not None:
            current.append(str(row["text"]))
    return grouped


@dataclass(frozen=True)
class Answer:
    """What the gateway stored for one user message: whether the message is stored, the replies
    after it, and whether its conversation is waiting for or with staff."""

    stored: bool = False
    replies: tuple[str, ...] = ()
    with_staff: bool = False


def answer_of(database: Path, *, channel: str, session_id: str, client_id: str) -> Answer:
    """The :class:`Answer` to one user message, read read-only."""
    with open_read_only(database) as conn:
        row = conn.execute(
            "select id from conversations where channel = ? and session_id = ?", [channel, session_id]
        ).fetchone()
        if row is None:
            return Answer()
        stored = conn.execute(
            "select sender, text, client_id from messages where conversation_id = ? order by id", [row["id"]]
        ).fetchall()
        status = conn.execute(
            "select status from escalations where conversation_id = ? order by id desc limit 1", [row["id"]]
        ).fetchone()
    grouped = replies_by_message(stored)
    with_staff = status is not None and status["status"] in ("waiting", "staff")
    return Answer(client_id in grouped, tuple(grouped.get(client_id, [])), with_staff)


def _check_wechat_replies(
    session_id: str, messages: list[Sent], stored: dict[str, list[str]], report: LedgerReport
) -> None:
    """Each reply stored for a message is in what the user was shown for it, and none appears
    there more often than it was stored (short texts such as 「好的」 may also occur inside
    others: only their absence counts). Replies to a message never answered are unseen."""
    for m in messages:
        texts = [compact(t) for t in stored.get(m.client_id, [])]
        report.replies += len(texts)
        if not m.replies:
            report.unseen_replies += len(texts)
            continue
        shown = compact("".join(str(r.get("text", "")) for r in m.replies))
        for said in set(texts):
            if said and said not in shown:
                report.lost.append(f"{session_id}: WeChat reply {said[:20]!r} to {m.client_id} never shown")
            elif len(said) >= 10 and shown.count(said) > texts.count(said):
                report.duplicated.append(f"{session_id}: WeChat reply {said[:20]!r} shown {shown.count(said)} times")


def _check_replies(session_id: str, messages: list[Sent], stored: list[sqlite3.Row], report: LedgerReport) -> None:
    received: dict[int, dict[str, object]] = {}
    for m in messages:
        for reply in m.replies:
            if reply.get("sender") == "user" or not reply.get("id"):
                continue  # a notice the gateway did not store (no id) is not the ledger's business
            received[int(str(reply["id"]))] = reply
    stored_by_id = {int(r["id"]): r for r in stored}
    report.replies += len(received)
    for reply_id, reply in received.items():
        row = stored_by_id.get(reply_id)
        if row is None:
            report.lost.append(f"{session_id}: reply {reply_id} was received but is not stored")
        elif row["text"] != reply.get("text") or row["sender"] != reply.get("sender"):
            report.unexpected.append(f"{session_id}: reply {reply_id} stored differently from what was received")
    unseen = [r for r in stored if int(r["id"]) not in received]
    if any(not m.acknowledged for m in messages):
        report.unseen_replies += len(unseen)  # a reply the user never saw because the request itself failed
    else:
        report.unexpected += [f"{session_id}: stored reply {r['id']} {r['text'][:20]!r} never received" for r in unseen]

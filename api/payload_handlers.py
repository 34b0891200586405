"""What the bot's replies carry besides text, acted on: one handler per payload field.

Rasa's reply is validated once as a :class:`knowledge.payloads.BotPayload` (in
:mod:`api.rasa_client`); after the reply is stored, :func:`act_on_payloads` runs the handler
of each field it carries, in the order of :data:`HANDLERS`: a pre-application record is
numbered and announced, a hand-off opens an escalation with a summary for staff, a request
for office hours is answered from the gateway's calendar. Handlers run on the database
thread (:mod:`api.store.worker`), so they are plain functions of the connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from api.office_hours import OfficeHours
from api.store.conversations import (
    Conversation,
    StoredMessage,
    add_message,
    list_messages,
    set_rasa_paused,
)
from api.store.escalations import open_escalation
from api.store.feedback import record_feedback
from api.store.service_records import SHANGHAI, create_record, list_records
from api.store.service_records import ServiceRecord as StoredRecord
from knowledge.payloads import Feedback, Handoff, OfficeHoursRequest, RecordsRequest, ServiceRecord
from knowledge.texts import text

logger = logging.getLogger(__name__)

SUMMARY_TURNS = 6
SUMMARY_CHARS = 80
SUMMARY_WINDOW = 200  # the clauses shown are collected from the last this many messages


def summarise(messages: list[StoredMessage]) -> str:
    """A short summary for staff: the last turns and the clauses the bot already showed."""
    lines = [
        text("summary_line").format(speaker=text(f"speaker_{m.sender}"), text=m.text[:SUMMARY_CHARS])
        for m in messages[-SUMMARY_TURNS:]
    ]
    shown = {f"《{c.document}》{c.article}" for m in messages for c in m.citations}
    if shown:
        lines.append(text("summary_clauses").format(clauses="；".join(sorted(shown))))
    return "\n".join(lines)


def _hours_notice(hours: OfficeHours, at: datetime) -> str:
    """What happens next: staff will answer here now, or from the next working day."""
    return hours.notice(at, open_text=text("handoff_open_hours"), closed_text=text("handoff_after_hours"))


def office_hours_notice(hours: OfficeHours, at: datetime) -> str:
    """「中午有人吗」: the working hours, whether staff are in now, and if not when they are next.

    >>> from api.office_hours import SHANGHAI
    >>> saturday_noon = datetime(2026, 11, 28, 12, 0, tzinfo=SHANGHAI)
    >>> office_hours_notice(OfficeHours(), saturday_noon).split("，")[1:3]
    ['现在不在工作时间', '下一次是 11月30日（星期一）9:00。您可以先在这里留言。']
    """
    return hours.notice(at, open_text=text("office_hours_open"), closed_text=text("office_hours_closed"))


def describe_records(records: list[StoredRecord]) -> str:
    """「我的预审单」: the user's records, newest first."""
    if not records:
        return text("records_none")
    lines = [text("records_list").format(count=len(records))]
    for r in records:
        created = datetime.fromisoformat(r.created_at).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        lines.append(
            text("record_line").format(reference=r.reference, item=r.item, headline=r.headline, created=created)
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Turn:
    """A bot message just stored, with what the handlers of its payload need."""

    db: sqlite_utils.Database
    conversation: Conversation
    message: StoredMessage
    hours: OfficeHours
    record_prefix: str

    def tell(self, notice: str) -> StoredMessage:
        """Add a system message for the user."""
        return add_message(self.db, conversation_id=self.conversation.id, sender="system", text=notice)


def _store_record(turn: Turn, record: ServiceRecord) -> StoredMessage:
    """Store and number a pre-application record, and give the user its reference."""
    created = create_record(
        turn.db,
        conversation_id=turn.conversation.id,
        record=record.model_dump(mode="json"),
        message_id=turn.message.id,
        prefix=turn.record_prefix,
    )
    logger.info("service record %s stored for conversation %s", created.reference, turn.conversation.id)
    return turn.tell(text("record_created").format(reference=created.reference))


def _list_records(turn: Turn, _: RecordsRequest) -> StoredMessage:
    """「我的预审单」: this conversation's records."""
    return turn.tell(describe_records(list_records(turn.db, conversation_id=turn.conversation.id, limit=10)))


def _tell_office_hours(turn: Turn, _: OfficeHoursRequest) -> StoredMessage:
    return turn.tell(office_hours_notice(turn.hours, datetime.now(timezone.utc)))


def _record_feedback(turn: Turn, feedback: Feedback) -> None:
    record_feedback(
        turn.db,
        conversation_id=turn.conversation.id,
        message_id=feedback.answer_id,
        value=feedback.value,
        clause_id=feedback.clause_id,
        query=feedback.query,
    )


def hand_off(
    db: sqlite_utils.Database,
    *,
    conversation: Conversation,
    handoff: Handoff,
    hours: OfficeHours,
    rasa_paused: bool = True,
) -> StoredMessage:
    """Open an escalation with a summary for staff and tell the user when staff will answer.

    ``rasa_paused``: the bot's hand-off action paused Rasa's tracker, so the next message
    after staff resolve must resume it first; a hand-off the gateway makes by itself (Rasa
    down, 「给工作人员留言」) leaves the tracker as it was.
    """
    if rasa_paused:
        set_rasa_paused(db, conversation_id=conversation.id, paused=True)
    escalation = open_escalation(
        db,
        conversation_id=conversation.id,
        reason=handoff.reason,
        topic=handoff.topic,
        departments=handoff.departments,
        summary=summarise(list_messages(db, conversation_id=conversation.id, last=SUMMARY_WINDOW)),
    )
    notice = add_message(
        db, conversation_id=conversation.id, sender="system", text=_hours_notice(hours, datetime.now(timezone.utc))
    )
    logger.info("conversation %s handed to staff as escalation %s", conversation.id, escalation.id)
    return notice


def _hand_off(turn: Turn, handoff: Handoff) -> StoredMessage:
    return hand_off(turn.db, conversation=turn.conversation, handoff=handoff, hours=turn.hours)


PayloadHandler = Callable[[Turn, Any], StoredMessage | None]
# Keyed by BotPayload field, run in this order: a record's reference is announced before the
# notice of the hand-off that may follow it. Citations need no handler: they are stored as such.
HANDLERS: dict[str, PayloadHandler] = {
    "service_record": _store_record,
    "service_records": _list_records,
    "office_hours": _tell_office_hours,
    "feedback": _record_feedback,
    "handoff": _hand_off,
}


def act_on_payloads(
    db: sqlite_utils.Database,
    conversation: Conversation,
    stored: list[StoredMessage],
    hours: OfficeHours,
    record_prefix: str = "HB",
) -> list[StoredMessage]:
    """Act on the payloads of the bot's replies; returns the messages added for the user."""
    added: list[StoredMessage] = []
    for message in stored:
        turn = Turn(db, conversation, message, hours, record_prefix)
        for name, handle in HANDLERS.items():
            value = getattr(message.payload, name)
            if value is not None and (notice := handle(turn, value)) is not None:
                added.append(notice)
    return added

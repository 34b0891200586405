"""Deliver a user's message: to Rasa while the bot serves the conversation, to staff otherwise.

The user's message is stored before anything else happens, so a failure further on
loses nothing. A message sent again with the same ``client_id`` (a retry after a
network loss) is not stored or answered twice; the replies it already had are
returned instead. While a conversation is ``waiting`` or with ``staff`` the message
never reaches Rasa. What the bot's replies carry besides text (a
:class:`knowledge.payloads.BotPayload`, validated where Rasa's output is read) is acted on
by :data:`HANDLERS`, one per payload field. When the bot hands over (a ``handoff``; the
action has paused its tracker), an escalation opens with a summary for staff; once it is
resolved, the next message first resumes Rasa's tracker.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

import sqlite_utils

from api.office_hours import OfficeHours
from api.store.conversations import (
    Conversation,
    DuplicateMessage,
    OutgoingMessage,
    StoredMessage,
    add_message,
    add_messages,
    find_by_client_id,
    get_conversation,
    get_or_create_conversation,
    latest_answer,
    list_messages,
    replies_to,
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
SPEAKERS = {"user": "用户", "bot": "助手", "staff": "工作人员", "system": "系统"}


class Assistant(Protocol):
    """What the relay needs of the bot (:class:`api.rasa_client.RasaClient` in production)."""

    async def send(
        self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[OutgoingMessage]: ...

    async def resume(self, *, sender_id: str) -> None: ...


@dataclass(frozen=True)
class Delivery:
    conversation: Conversation
    replies: list[StoredMessage]
    duplicate: bool = False


def summarise(messages: list[StoredMessage]) -> str:
    """A short summary for staff: the last turns and the clauses the bot already showed."""
    lines = [f"{SPEAKERS.get(m.sender, m.sender)}：{m.text[:SUMMARY_CHARS]}" for m in messages[-SUMMARY_TURNS:]]
    shown = {f"《{c.document}》{c.article}" for m in messages for c in m.citations}
    if shown:
        lines.append("已展示条款：" + "；".join(sorted(shown)))
    return "\n".join(lines)


def _with_answer_ids(replies: list[OutgoingMessage], answer: StoredMessage | None) -> list[OutgoingMessage]:
    """Point each feedback payload at the answer it judges (the last one that cited clauses)."""
    out = []
    for reply in replies:
        feedback = reply.payload.feedback
        if feedback is not None and answer is not None:
            judged = feedback.model_copy(update={"answer_id": answer.id})
            reply = dataclasses.replace(reply, payload=reply.payload.model_copy(update={"feedback": judged}))
        out.append(reply)
    return out


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


def _hand_off(turn: Turn, handoff: Handoff) -> StoredMessage:
    """Open an escalation (Rasa's tracker is paused by the action) and say when staff will answer."""
    db, conversation = turn.db, turn.conversation
    set_rasa_paused(db, conversation_id=conversation.id, paused=True)
    escalation = open_escalation(
        db,
        conversation_id=conversation.id,
        reason=handoff.reason,
        topic=handoff.topic,
        departments=handoff.departments,
        summary=summarise(list_messages(db, conversation_id=conversation.id)),
    )
    logger.info("conversation %s handed to staff as escalation %s", conversation.id, escalation.id)
    return turn.tell(_hours_notice(turn.hours, datetime.now(timezone.utc)))


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


def _after_reply(
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


def _acknowledge(db: sqlite_utils.Database, conversation: Conversation, message: StoredMessage) -> list[StoredMessage]:
    """While waiting for staff, confirm receipt once per run of user messages."""
    earlier = [m for m in list_messages(db, conversation_id=conversation.id) if m.id < message.id]
    previous = next((m for m in reversed(earlier) if m.sender != "user"), None)
    ack = text("handoff_waiting_ack")
    if previous is not None and previous.sender == "system" and previous.text == ack:
        return []
    return [add_message(db, conversation_id=conversation.id, sender="system", text=ack)]


async def deliver(
    db: sqlite_utils.Database,
    rasa: Assistant,
    *,
    channel: str,
    session_id: str,
    message_text: str,
    client_id: str | None = None,
    hours: OfficeHours | None = None,
    record_prefix: str = "HB",
) -> Delivery:
    """Store the user's message and get it answered by whoever serves the conversation.

    Raises :class:`api.rasa_client.RasaUnavailable` when the bot should answer and
    cannot; the user's message is stored by then.
    """
    conversation = get_or_create_conversation(db, channel=channel, session_id=session_id)
    try:
        message = add_message(
            db, conversation_id=conversation.id, sender="user", text=message_text, client_id=client_id
        )
    except DuplicateMessage:
        original = find_by_client_id(db, conversation_id=conversation.id, client_id=str(client_id))
        assert original is not None
        return Delivery(conversation, replies_to(db, message=original), duplicate=True)
    conversation = get_conversation(db, conversation_id=conversation.id)
    if conversation.state == "staff":
        return Delivery(conversation, [])
    if conversation.state == "waiting":
        return Delivery(conversation, _acknowledge(db, conversation, message))
    if conversation.rasa_paused:
        await rasa.resume(sender_id=conversation.id)
        set_rasa_paused(db, conversation_id=conversation.id, paused=False)
    answer = latest_answer(db, conversation_id=conversation.id)
    replies = await rasa.send(sender_id=conversation.id, text=message_text)
    if not replies:
        logger.warning("Rasa sent no reply in conversation %s", conversation.id)
        replies = [OutgoingMessage(text=text("no_reply"))]
    stored = add_messages(db, conversation_id=conversation.id, sender="bot", messages=_with_answer_ids(replies, answer))
    added = _after_reply(db, conversation, stored, hours or OfficeHours(), record_prefix)
    return Delivery(get_conversation(db, conversation_id=conversation.id), [*stored, *added])

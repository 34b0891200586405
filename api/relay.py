"""Deliver a user's message: to Rasa while the bot serves the conversation, to staff otherwise.

The user's message is stored before anything else happens, so a failure further on
loses nothing. A message sent again with the same ``client_id`` (a retry after a
network loss) is not stored or answered twice; the replies it already had are
returned instead. While a conversation is ``waiting`` or with ``staff`` the message
never reaches Rasa. When the bot hands over (a ``handoff`` payload; the action has
paused its tracker), an escalation opens with a summary for staff; once it is
resolved, the next message first resumes Rasa's tracker.
"""

from __future__ import annotations

import dataclasses
import logging
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
from api.store.service_records import SHANGHAI, ServiceRecord, create_record, list_records
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
    shown = {f"《{c.get('document', '')}》{c.get('article', '')}" for m in messages for c in m.citations}
    if shown:
        lines.append("已展示条款：" + "；".join(sorted(shown)))
    return "\n".join(lines)


def _with_answer_ids(replies: list[OutgoingMessage], answer: StoredMessage | None) -> list[OutgoingMessage]:
    """Point each feedback payload at the answer it judges (the last one that cited clauses)."""
    out = []
    for reply in replies:
        feedback = reply.custom.get("feedback")
        if isinstance(feedback, dict) and answer is not None:
            judged = {**feedback, "answer_id": answer.id}
            reply = dataclasses.replace(reply, custom={**reply.custom, "feedback": judged})
        out.append(reply)
    return out


def _hours_notice(hours: OfficeHours, at: datetime) -> str:
    """What happens next: staff will answer here now, or from the next working day."""
    if hours.is_open(at):
        return text("handoff_open_hours").format(span=hours.span)
    return text("handoff_after_hours").format(span=hours.span, next=hours.describe(hours.next_opening(at)))


def describe_records(records: list[ServiceRecord]) -> str:
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


def _after_reply(
    db: sqlite_utils.Database,
    conversation: Conversation,
    stored: list[StoredMessage],
    hours: OfficeHours,
    record_prefix: str = "HB",
) -> list[StoredMessage]:
    """Act on the payloads in the bot's replies: record feedback, store and number a
    pre-application record, list the user's records, open an escalation (and say when
    staff will answer). Returns any message added for the user."""
    added: list[StoredMessage] = []
    for message in stored:
        if isinstance(record := message.custom.get("service_record"), dict):
            created = create_record(
                db, conversation_id=conversation.id, record=record, message_id=message.id, prefix=record_prefix
            )
            logger.info("service record %s stored for conversation %s", created.reference, conversation.id)
            notice = text("record_created").format(reference=created.reference)
            added.append(add_message(db, conversation_id=conversation.id, sender="system", text=notice))
        if message.custom.get("service_records") == "list":
            listing = describe_records(list_records(db, conversation_id=conversation.id, limit=10))
            added.append(add_message(db, conversation_id=conversation.id, sender="system", text=listing))
        if isinstance(feedback := message.custom.get("feedback"), dict):
            record_feedback(
                db,
                conversation_id=conversation.id,
                message_id=feedback.get("answer_id"),
                value=str(feedback.get("value", "")),
                clause_id=feedback.get("clause_id"),
                query=feedback.get("query"),
            )
        if isinstance(handoff := message.custom.get("handoff"), dict):
            set_rasa_paused(db, conversation_id=conversation.id, paused=True)
            escalation = open_escalation(
                db,
                conversation_id=conversation.id,
                reason=str(handoff.get("reason") or "request"),
                topic=str(handoff.get("topic") or ""),
                departments=[str(d) for d in handoff.get("departments") or []],
                summary=summarise(list_messages(db, conversation_id=conversation.id)),
            )
            logger.info("conversation %s handed to staff as escalation %s", conversation.id, escalation.id)
            notice = _hours_notice(hours, datetime.now(timezone.utc))
            added.append(add_message(db, conversation_id=conversation.id, sender="system", text=notice))
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

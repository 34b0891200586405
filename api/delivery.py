"""The database side of delivering a user's message: store it, decide who answers, store the answer.

Plain functions of the connection, run on the database thread by :class:`api.relay.Relay`,
each one transaction (a failure half-way stores nothing, and the client's retry redoes it all):

- :func:`receive` stores the user's message, or finds it again for a retry (``client_id``),
  and answers it here when the bot is not to be asked: while waiting for or with staff, a
  retry already answered, or 「给工作人员留言」 (``/leave_message``), a hand-off the gateway
  makes by itself;
- :func:`store_replies` stores the bot's replies and acts on what they carry
  (:mod:`api.payload_handlers`);
- :func:`store_busy` says the assistant cannot answer now and offers to leave the message.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import sqlite_utils

from api.office_hours import OfficeHours
from api.payload_handlers import act_on_payloads, hand_off
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
)
from api.store.worker import atomic
from knowledge.payloads import Handoff
from knowledge.texts import text

logger = logging.getLogger(__name__)

LEAVE_MESSAGE = "/leave_message"
"""The payload of 「给工作人员留言」: the gateway hands the conversation to staff without Rasa."""


@dataclass(frozen=True)
class Delivery:
    conversation: Conversation
    replies: list[StoredMessage]
    duplicate: bool = False


@dataclass(frozen=True)
class Received:
    """The user's message stored; ``ready`` holds the replies when the bot is not to be asked."""

    conversation: Conversation
    message: StoredMessage
    ready: list[StoredMessage] | None = None
    duplicate: bool = False


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


ACK_LOOKBACK = 50


def _acknowledge(db: sqlite_utils.Database, conversation: Conversation, message: StoredMessage) -> list[StoredMessage]:
    """While waiting for staff, confirm receipt once per run of user messages."""
    earlier = [m for m in list_messages(db, conversation_id=conversation.id, last=ACK_LOOKBACK) if m.id < message.id]
    previous = next((m for m in reversed(earlier) if m.sender != "user"), None)
    ack = text("handoff_waiting_ack")
    if previous is not None and previous.sender == "system" and previous.text == ack:
        return []
    return [add_message(db, conversation_id=conversation.id, sender="system", text=ack)]


@atomic
def receive(
    db: sqlite_utils.Database,
    *,
    channel: str,
    session_id: str,
    message_text: str,
    client_id: str | None,
    hours: OfficeHours,
) -> Received:
    """Store the user's message; answer it here unless the bot is to be asked (``ready`` is None).

    One transaction: a failure half-way (a hand-off to staff that cannot be stored) stores
    nothing, and the client's retry redoes it all.
    """
    conversation = get_or_create_conversation(db, channel=channel, session_id=session_id)
    try:
        message = add_message(
            db, conversation_id=conversation.id, sender="user", text=message_text, client_id=client_id
        )
    except DuplicateMessage:
        original = find_by_client_id(db, conversation_id=conversation.id, client_id=str(client_id))
        assert original is not None
        conversation = get_conversation(db, conversation_id=conversation.id)
        answered = replies_to(db, message=original)
        if answered or conversation.state != "bot" or original.text == LEAVE_MESSAGE:
            return Received(conversation, original, ready=answered, duplicate=True)
        logger.info(
            "answering message %s of conversation %s, stored earlier but never answered", original.id, conversation.id
        )
        return Received(conversation, original)
    conversation = get_conversation(db, conversation_id=conversation.id)
    if conversation.state == "staff":
        return Received(conversation, message, ready=[])
    if conversation.state == "waiting":
        return Received(conversation, message, ready=_acknowledge(db, conversation, message))
    if message_text == LEAVE_MESSAGE:
        topic = next(
            (
                m.text
                for m in reversed(list_messages(db, conversation_id=conversation.id, last=ACK_LOOKBACK))
                if m.sender == "user" and m.text != LEAVE_MESSAGE
            ),
            "",
        )
        notice = hand_off(
            db,
            conversation=conversation,
            handoff=Handoff(reason="unanswered", topic=topic[:80]),
            hours=hours,
            rasa_paused=False,
        )
        return Received(get_conversation(db, conversation_id=conversation.id), message, ready=[notice])
    return Received(conversation, message)


@atomic
def store_replies(
    db: sqlite_utils.Database,
    *,
    conversation: Conversation,
    replies: list[OutgoingMessage],
    hours: OfficeHours,
    record_prefix: str,
) -> Delivery:
    """Store the bot's replies and act on what they carry, in one transaction: a hand-off or a
    record is never half stored, and a retry after a failure answers the message again."""
    answer = latest_answer(db, conversation_id=conversation.id)
    stored = add_messages(db, conversation_id=conversation.id, sender="bot", messages=_with_answer_ids(replies, answer))
    added = act_on_payloads(db, conversation, stored, hours, record_prefix)
    return Delivery(get_conversation(db, conversation_id=conversation.id), [*stored, *added])


def store_busy(db: sqlite_utils.Database, *, conversation: Conversation) -> Delivery:
    """The bot could not answer: say so, and offer to leave the message for staff."""
    busy = OutgoingMessage(
        text=text("assistant_busy"), buttons=[{"title": text("leave_message_button"), "payload": LEAVE_MESSAGE}]
    )
    stored = add_messages(db, conversation_id=conversation.id, sender="system", messages=[busy])
    return Delivery(get_conversation(db, conversation_id=conversation.id), stored)

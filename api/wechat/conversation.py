"""What a WeChat user's text means in their conversation, and what staff said that must reach them.

Plain functions of the database, run on the database thread; the same for every WeChat
channel (the Official Account, WeCom 微信客服), whose users are identified by ``user``
(the conversation's session id).

>>> from api.store.database import open_database
>>> db = open_database(":memory:")
>>> interpret(db, channel="wechat", user="o1", said="1")
('1', None)
"""

from __future__ import annotations

import sqlite_utils

from api.store.conversations import (
    StoredMessage,
    add_message,
    find_conversation,
    get_conversation,
    latest_answer,
    list_messages,
)
from api.store.escalations import RATINGS, rate_escalation, status_of
from api.wechat.rendering import CLAUSE_WORD, choice, clause_texts
from knowledge.texts import text


def _last_with_buttons(messages: list[StoredMessage]) -> StoredMessage | None:
    return next((m for m in reversed(messages) if m.sender != "user" and m.buttons), None)


def interpret(db: sqlite_utils.Database, *, channel: str, user: str, said: str) -> tuple[str | None, str | None]:
    """``(message for the assistant, direct reply)``: a digit becomes its option's payload, or
    the rating of the hand-off that just ended; 「条款」 is answered here with the latest
    answer's clauses."""
    conversation = find_conversation(db, channel=channel, session_id=user)
    if conversation is None:
        return said, None
    status = status_of(db, conversation_id=conversation.id)
    if status.state != "bot":  # waiting for or with staff: what the user types goes to them as typed
        return said, None
    rating = choice(said, [{"payload": str(n)} for n in RATINGS])
    if status.awaiting_rating and status.escalation_id is not None and rating is not None:
        rate_escalation(db, escalation_id=status.escalation_id, rating=int(rating))
        return None, text("rating_thanks")
    if said.strip() == CLAUSE_WORD:
        answer = latest_answer(db, conversation_id=conversation.id)
        return None, (clause_texts(answer) if answer else "") or text("wechat_no_clause")
    last = _last_with_buttons(list_messages(db, conversation_id=conversation.id, last=20))
    payload = choice(said, last.buttons) if last is not None else None
    return payload or said, None


def staff_side(
    db: sqlite_utils.Database, *, channel: str, conversation_id: str, after_id: int
) -> tuple[str, str] | None:
    """``(user, text)`` of what staff (and the hand-off's notices) said after ``after_id`` in a
    conversation of ``channel``; ``None`` for other channels or when nothing was said."""
    conversation = get_conversation(db, conversation_id=conversation_id)
    if conversation.channel != channel:
        return None
    said = [m.text for m in list_messages(db, conversation_id=conversation_id, after_id=after_id) if m.sender != "user"]
    if not said:
        return None
    if status_of(db, conversation_id=conversation_id).awaiting_rating:
        said.append(text("wechat_rating_prompt"))
    return conversation.session_id, "\n\n".join(said)


def note_for_staff(db: sqlite_utils.Database, *, channel: str, user: str, note: str) -> None:
    """A line in the transcript for staff (never sent to the user)."""
    conversation = find_conversation(db, channel=channel, session_id=user)
    if conversation is not None:
        add_message(db, conversation_id=conversation.id, sender="system", text=note)

"""The hand-off state machine: queue, staff, resolved or cancelled, and the rating."""

from __future__ import annotations

import pytest
import sqlite_utils

from api.store.conversations import get_conversation, get_or_create_conversation, list_messages
from api.store.database import open_database
from api.store.escalations import (
    Escalation,
    EscalationError,
    cancel_escalation,
    claim_escalation,
    open_escalation,
    post_staff_reply,
    rate_escalation,
    resolve_escalation,
    status_of,
)


@pytest.fixture
def db() -> sqlite_utils.Database:
    return open_database(":memory:")


def opened(db: sqlite_utils.Database) -> Escalation:
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    return open_escalation(db, conversation_id=conv.id, reason="request", topic="", departments=[], summary="")


def test_opening_twice_keeps_one_open_escalation(db: sqlite_utils.Database) -> None:
    first = opened(db)
    assert opened(db).id == first.id


def test_the_user_sees_each_transition(db: sqlite_utils.Database) -> None:
    esc = opened(db)
    claim_escalation(db, escalation_id=esc.id, staff_name="王芳")
    post_staff_reply(db, escalation_id=esc.id, text="您好")
    resolve_escalation(db, escalation_id=esc.id)
    messages = list_messages(db, conversation_id=esc.conversation_id)
    assert [(m.sender, m.text[:9]) for m in messages] == [
        ("system", "工作人员 王芳 已"),
        ("staff", "您好"),
        ("system", "本次人工服务已结束"),
    ]
    assert messages[1].custom == {"staff_name": "王芳"}


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([], {"state": "waiting", "staff_name": "", "awaiting_rating": False}),
        (["claim"], {"state": "staff", "staff_name": "王芳", "awaiting_rating": False}),
        (["claim", "resolve"], {"state": "bot", "staff_name": "王芳", "awaiting_rating": True}),
        (["claim", "resolve", "rate"], {"state": "bot", "staff_name": "", "awaiting_rating": False}),
        (["cancel"], {"state": "bot", "staff_name": "", "awaiting_rating": False}),
    ],
)
def test_status_follows_the_newest_escalation(
    db: sqlite_utils.Database, steps: list[str], expected: dict[str, object]
) -> None:
    esc = opened(db)
    actions = {
        "claim": lambda: claim_escalation(db, escalation_id=esc.id, staff_name="王芳"),
        "resolve": lambda: resolve_escalation(db, escalation_id=esc.id),
        "rate": lambda: rate_escalation(db, escalation_id=esc.id, rating=4),
        "cancel": lambda: cancel_escalation(db, escalation_id=esc.id),
    }
    for step in steps:
        actions[step]()
    status = status_of(db, conversation_id=esc.conversation_id)
    assert {k: getattr(status, k) for k in expected} == expected
    assert get_conversation(db, conversation_id=esc.conversation_id).state == expected["state"]


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_outside_one_to_five_are_refused(db: sqlite_utils.Database, rating: int) -> None:
    esc = opened(db)
    claim_escalation(db, escalation_id=esc.id, staff_name="王芳")
    resolve_escalation(db, escalation_id=esc.id)
    with pytest.raises(EscalationError):
        rate_escalation(db, escalation_id=esc.id, rating=rating)


def test_impossible_transitions_are_refused(db: sqlite_utils.Database) -> None:
    esc = opened(db)
    with pytest.raises(EscalationError):
        post_staff_reply(db, escalation_id=esc.id, text="还没有人接入")
    cancel_escalation(db, escalation_id=esc.id)
    with pytest.raises(EscalationError):
        resolve_escalation(db, escalation_id=esc.id)
    with pytest.raises(EscalationError):
        rate_escalation(db, escalation_id=esc.id, rating=5)

from __future__ import annotations

from typing import Any

import pytest

from actions.handoff import ActionConfirm, ActionHandoff
from tests.actions.trackers import events_of, run, tracker_for

AFTER_ANSWER = {"last_clause_id": "f7347583969f:（二）", "last_query": "两证合一试点"}


def test_explicit_request_reports_topic_and_departments() -> None:
    [message], slots = run(ActionHandoff(), tracker_for("转人工", "request_human", slots=AFTER_ANSWER))
    assert message["response"] == "utter_handoff"
    assert message["custom"] == {
        "handoff": {"reason": "request", "topic": "两证合一试点", "departments": ["环评处", "各区生态环境局"]}
    }
    assert slots["pending_offer"] is None


def test_complaint_apologises_then_hands_off() -> None:
    messages, _ = run(ActionHandoff(), tracker_for("我要投诉", "complain"))
    assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]
    assert messages[1]["custom"]["handoff"] == {"reason": "complaint", "topic": "", "departments": []}


def test_yes_to_an_offer_hands_off() -> None:
    [message], _ = run(ActionConfirm(), tracker_for("好的", "affirm", slots={"pending_offer": "human"}))
    assert message["custom"]["handoff"]["reason"] == "offer_accepted"


def test_no_to_an_offer_continues() -> None:
    [message], slots = run(ActionConfirm(), tracker_for("不用了", "deny", slots={"pending_offer": "human"}))
    assert message["response"] == "utter_continue"
    assert slots == {"pending_offer": None}


def test_plain_yes_and_no() -> None:
    assert run(ActionConfirm(), tracker_for("好的", "affirm"))[0][0]["response"] == "utter_anything_else"
    assert run(ActionConfirm(), tracker_for("不是", "deny"))[0][0]["response"] == "utter_continue"


def _after(action: str) -> list[dict[str, Any]]:
    """Events of a turn: the bot's ``action``, then the user's latest message."""
    return [
        {"event": "user", "text": "排污许可证有效期多久"},
        {"event": "action", "name": action},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "不是"},
    ]


@pytest.mark.parametrize(
    ("previous", "clause", "expected"),
    [
        ("action_search_policy", "c-1", "utter_feedback_sorry"),  # 不是 judges the answer just given
        ("action_related_clauses", "c-1", "utter_feedback_sorry"),
        ("action_search_policy", None, "utter_continue"),  # nothing was answered
        ("utter_greet", "c-1", "utter_continue"),  # an older answer is not what 不是 refers to
    ],
)
def test_no_right_after_an_answer_is_negative_feedback(previous: str, clause: str | None, expected: str) -> None:
    tracker = tracker_for(
        "不是", "deny", slots={"last_clause_id": clause, "last_query": "有效期"}, events=_after(previous)
    )
    [message], _ = run(ActionConfirm(), tracker)
    assert message["response"] == expected
    if expected == "utter_feedback_sorry":
        assert message["custom"]["feedback"] == {"value": "useless", "clause_id": "c-1", "query": "有效期"}


def test_handoff_pauses_the_conversation_and_declining_does_not() -> None:
    assert events_of(ActionHandoff(), tracker_for("转人工", "request_human"))[-1] == "pause"
    declined = tracker_for("不用了", "deny", slots={"pending_offer": "human"})
    assert "pause" not in events_of(ActionConfirm(), declined)

from __future__ import annotations

from actions.handoff import ActionConfirm, ActionHandoff
from tests.actions.conftest import events_of, run, tracker_for

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


def test_handoff_pauses_the_conversation_and_declining_does_not() -> None:
    assert events_of(ActionHandoff(), tracker_for("转人工", "request_human"))[-1] == "pause"
    declined = tracker_for("不用了", "deny", slots={"pending_offer": "human"})
    assert "pause" not in events_of(ActionConfirm(), declined)

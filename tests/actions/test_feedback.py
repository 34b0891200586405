from __future__ import annotations

import pytest

from actions.feedback import ActionFeedback
from actions.handoff import ActionHandoff
from knowledge.payloads import BotPayload, Feedback
from tests.actions.trackers import events_of, run, tracker_for

SLOTS = {"last_clause_id": "f7347583969f:（二）", "last_query": "两证合一"}


@pytest.mark.parametrize(
    ("intent", "value", "response"),
    [("feedback_useful", "useful", "utter_feedback_thanks"), ("feedback_useless", "useless", "utter_feedback_sorry")],
)
def test_feedback_names_the_answer_it_refers_to(intent: str, value: str, response: str) -> None:
    [message], _ = run(ActionFeedback(), tracker_for("有用", intent, slots=SLOTS))
    assert message["response"] == response
    assert message["custom"] == {
        "feedback": {"value": value, "clause_id": SLOTS["last_clause_id"], "query": "两证合一"}
    }
    assert BotPayload.from_custom(message["custom"]).feedback == Feedback(
        value=value, clause_id=SLOTS["last_clause_id"], query="两证合一"
    )


def test_useless_after_an_answer_without_a_clause_records_the_question() -> None:
    # an item's facts clear last_clause_id but keep the question they answered
    tracker = tracker_for("没用", "feedback_useless", slots={"last_query": "排污许可要什么材料"})
    [message], _ = run(ActionFeedback(), tracker)
    assert message["custom"] == {"feedback": {"value": "useless", "clause_id": None, "query": "排污许可要什么材料"}}


def test_useless_before_anything_was_answered_is_a_complaint_handed_to_a_person() -> None:
    tracker = tracker_for("你们这回复全是套话", "feedback_useless")
    messages, _ = run(ActionFeedback(), tracker)
    assert messages == []
    assert events_of(ActionFeedback(), tracker) == ["followup"]
    [apology, handed], _ = run(ActionHandoff(), tracker)
    assert apology["response"] == "utter_complaint"
    handoff = BotPayload.from_custom(handed["custom"]).handoff
    assert handoff is not None and handoff.reason == "complaint" and handoff.topic == "你们这回复全是套话"


def test_praise_with_no_answer_to_judge_is_thanks_and_records_nothing() -> None:
    [message], _ = run(ActionFeedback(), tracker_for("谢谢，讲得很清楚", "feedback_useful"))
    assert message["response"] == "utter_thanks"
    assert "custom" not in message or not message["custom"]

from __future__ import annotations

import pytest

from actions.feedback import ActionFeedback
from knowledge.payloads import BotPayload, Feedback
from tests.actions.trackers import run, tracker_for

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


def test_feedback_without_a_previous_answer_keeps_its_empty_fields() -> None:
    [message], _ = run(ActionFeedback(), tracker_for("没用", "feedback_useless"))
    assert message["custom"] == {"feedback": {"value": "useless", "clause_id": None, "query": None}}


def test_praise_with_no_answer_to_judge_is_thanks_and_records_nothing() -> None:
    [message], _ = run(ActionFeedback(), tracker_for("谢谢，讲得很清楚", "feedback_useful"))
    assert message["response"] == "utter_thanks"
    assert "custom" not in message or not message["custom"]

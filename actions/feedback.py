"""``action_feedback``: record 有用/没用 with the answer it refers to, as a payload the gateway stores."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker import intent_of
from knowledge.payloads import BotPayload, Feedback, FeedbackValue

FEEDBACK_VALUES: dict[str, FeedbackValue] = {"feedback_useful": "useful", "feedback_useless": "useless"}


def feedback(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Thank (有用) or apologise and offer a person (没用); the payload carries the judged answer.

    With no answer to judge (a first message, or after a walk-through), 「谢谢，很有帮助」 is
    thanks, and 「回答的都是套话」 before any question was answered is dissatisfaction with the
    service itself: a complaint, which ``action_handoff`` apologises for and hands to a person."""
    value = FEEDBACK_VALUES.get(intent_of(tracker), "useless")
    if value == "useful" and not tracker.get_slot("last_clause_id"):
        dispatcher.utter_message(response="utter_thanks")
        return []
    if value == "useless" and not tracker.get_slot("last_clause_id") and not tracker.get_slot("last_query"):
        return [FollowupAction("action_handoff")]
    judged = Feedback(value=value, clause_id=tracker.get_slot("last_clause_id"), query=tracker.get_slot("last_query"))
    response = "utter_feedback_thanks" if value == "useful" else "utter_feedback_sorry"
    dispatcher.utter_message(response=response, json_message=BotPayload(feedback=judged).json_message())
    return []


class ActionFeedback(Action):
    def name(self) -> str:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return feedback(dispatcher, tracker)

"""Hand-off to bureau staff, and the yes/no answer to an offer of a person.

``action_handoff`` reports ``{"handoff": {"reason", "topic", "departments"}}`` for the gateway,
which owns escalations, and pauses the conversation: while staff serve it the gateway
sends nothing to Rasa, and it appends ``resume`` before the first message after the
escalation ends.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_base import get_catalogue, get_searcher

REASONS = {"complain": "complaint", "request_human": "request", "affirm": "offer_accepted"}


def handoff(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reason: str,
    *,
    topic: str | None = None,
    response: str = "utter_handoff",
) -> list[dict[str, Any]]:
    """Report the hand-off (topic: the service item in progress, else the last question) and pause."""
    clause_id = tracker.get_slot("last_clause_id")
    hit = get_searcher().hit_for(clause_id) if clause_id else None
    item = get_catalogue().get(tracker.get_slot("service_item") or "")
    payload = {
        "handoff": {
            "reason": reason,
            "topic": topic or (item.name if item else tracker.get_slot("last_query") or ""),
            "departments": list(hit.clause.departments) if hit and not item else [],
        }
    }
    if reason == "complaint":
        dispatcher.utter_message(response="utter_complaint")
    dispatcher.utter_message(response=response, json_message=payload)
    return [SlotSet("pending_offer", None), SlotSet("misses", 0.0), ConversationPaused()]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        return handoff(dispatcher, tracker, REASONS.get(intent, "request"))


class ActionConfirm(Action):
    """是的/不用: accepts or declines a pending offer of a person; otherwise a polite acknowledgement."""

    def name(self) -> str:
        return "action_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        if tracker.get_slot("pending_offer") == "human":
            if intent == "affirm":
                return handoff(dispatcher, tracker, "offer_accepted")
            dispatcher.utter_message(response="utter_continue")
            return [SlotSet("pending_offer", None)]
        dispatcher.utter_message(response="utter_anything_else" if intent == "affirm" else "utter_continue")
        return []

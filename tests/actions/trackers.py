"""Built trackers and a way to run an action on one (no Rasa server needed)."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker_for(
    text: str,
    intent: str = "ask_policy",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    confidence: float = 0.9,
) -> Tracker:
    return Tracker(
        sender_id="test-conversation",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The messages the action sent and the slots it set (name → value)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain={}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def events_of(action: Action, tracker: Tracker) -> list[str]:
    """The names of the events the action returned, in order."""
    events = asyncio.run(action.run(CollectingDispatcher(), tracker, domain={}))
    return [str(e["event"]) for e in events]


SEED_CLAUSE_2 = "f7347583969f:（二）"  # the seed measure on 两证合一 (临港)

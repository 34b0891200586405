"""What the actions read off a rasa-sdk tracker beyond its slots: the latest message and what came before.

>>> from rasa_sdk import Tracker
>>> events = [{"event": "user", "text": "排污许可证有效期多久", "parse_data": {"intent": {"name": "ask_policy"}}},
...           {"event": "action", "name": "action_search_policy"},
...           {"event": "user", "text": "是的", "parse_data": {"intent": {"name": "affirm"}}}]
>>> t = Tracker("c", {}, {"text": "是的", "intent": {"name": "affirm"}}, events, False, None, {}, "action_listen")
>>> intent_of(t), text_of(t)
('affirm', '是的')
>>> [e["event"] for e in before_latest(t)]
['action', 'user']
>>> list(user_messages(t))
[('affirm', '是的'), ('ask_policy', '排污许可证有效期多久')]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasa_sdk import Tracker


def intent_of(tracker: Tracker) -> str:
    """The intent of the latest message, ``""`` when the NLU named none."""
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def confidence_of(tracker: Tracker) -> float:
    """How sure the NLU was of the latest message's intent (1.0 when it gave no figure, as for a
    button's payload)."""
    confidence = (tracker.latest_message.get("intent") or {}).get("confidence")
    return 1.0 if confidence is None else float(confidence)


def text_of(tracker: Tracker) -> str:
    """The text of the latest message (for a button, its ``/intent`` payload)."""
    return str(tracker.latest_message.get("text") or "")


def before_latest(tracker: Tracker) -> Iterator[dict[str, Any]]:
    """The events before the latest user message, newest first."""
    seen_latest = False
    for event in reversed(tracker.events):
        if seen_latest:
            yield event
        elif event.get("event") == "user":
            seen_latest = True


def user_messages(tracker: Tracker) -> Iterator[tuple[str, str]]:
    """``(intent, text)`` of the user's messages, newest first, starting with the latest."""
    yield intent_of(tracker), text_of(tracker)
    for event in before_latest(tracker):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            yield str(intent or ""), str(event.get("text") or "")

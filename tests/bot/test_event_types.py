"""Event classes are found by name exactly as Rasa finds them, without walking the class tree each time."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.rasa_env import run_in_rasa

CHECKS = r"""
import doctest, json
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.utils.common import all_subclasses
import bot.event_types as module

def outcome(resolve, name, default=None):
    try:
        found = resolve(name, default)
        return None if found is None else f"{found.__module__}.{found.__qualname__}"
    except ValueError as error:
        return f"ValueError: {error}"

names = sorted({cls.type_name for cls in all_subclasses(Event)})
cases = [(name, None) for name in names] + [("topic", None), ("nope", None), ("nope", SlotSet), ("", None)]
before = [outcome(Event.resolve_by_type, *case) for case in cases]
installed = module.install()
after = [outcome(Event.resolve_by_type, *case) for case in cases]

# A class defined after the first walk is found by its (new) name.
class Audited(SlotSet):
    type_name = "audited_slot"
late = outcome(Event.resolve_by_type, "audited_slot")

# A tracker read back from its stored events is the same with the patch.
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.events import UserUttered, ActionExecuted, BotUttered
events = [ActionExecuted("action_listen"), UserUttered("你好", {"name": "greet"}), BotUttered("好"), SlotSet("x", 1)]
stored = [e.as_dict() for e in events]
tracker = DialogueStateTracker.from_dict("s", stored)
doctests = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
print(json.dumps({"names": len(names), "installed": installed, "before": before, "after": after, "late": late,
                  "same tracker": [e.as_dict() for e in tracker.events] == stored,
                  "doctests": [doctests.failed, doctests.attempted]}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run_in_rasa(CHECKS)


def test_every_event_name_resolves_as_in_rasa(results: dict[str, Any]) -> None:
    assert results["installed"] is True
    assert results["names"] >= 20  # Rasa 3.6 has some two dozen event types
    assert results["after"] == results["before"]
    assert "ValueError: Unknown event name 'nope'." in results["after"]


def test_a_class_defined_later_is_found(results: dict[str, Any]) -> None:
    assert results["late"] == "__main__.Audited"


def test_stored_events_read_back_unchanged(results: dict[str, Any]) -> None:
    assert results["same tracker"] is True


def test_module_examples_hold(results: dict[str, Any]) -> None:
    failed, attempted = results["doctests"]
    assert attempted >= 5 and failed == 0

"""The action server's answers are judged exactly as Rasa judges them, with the schema checked once.

The checks run inside Rasa's environment: each answer below goes through Rasa's own
``RemoteAction._validate_action_result`` (kept before :func:`install`) and through the installed
one, and both must accept it or refuse it with the same message.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.rasa_env import run_in_rasa

CHECKS = r"""
import doctest, json, os, sys
import jsonschema
from rasa.core.actions.action import RemoteAction
import bot.action_responses as module

ANSWERS = {
    "empty": {},
    "nothing to do": {"events": [], "responses": []},
    "a slot and a text": {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "好"}]},
    "a form's events": {
        "events": [{"event": "active_loop", "name": "f"}, {"event": "slot", "name": "requested_slot", "value": "a"}]
    },
    "events not a list": {"events": "no"},
    "an event without its type": {"events": [{"name": "x"}]},
    "an unknown event type": {"events": [{"event": "no such event"}]},
    "a slot without its name": {"events": [{"event": "slot", "value": 1}]},
    "responses not objects": {"responses": ["text"]},
    "not an object": ["events"],
}

def outcome(validate, answer):
    try:
        return {"valid": validate(RemoteAction("a", None), answer)}
    except jsonschema.ValidationError as error:
        return {"refused": error.message, "path": list(error.absolute_path)}

rasas = RemoteAction._validate_action_result
before = {name: outcome(rasas, answer) for name, answer in ANSWERS.items()}
installed = module.install()
patched = RemoteAction._validate_action_result
after = {name: outcome(patched, answer) for name, answer in ANSWERS.items()}
doctests = doctest.testmod(module, optionflags=doctest.ELLIPSIS)

# The schema is checked against the meta-schema once, however many answers are validated.
schema = RemoteAction.action_response_format_spec()
checker = jsonschema.validators.validator_for(schema)
checks = []
original_check = checker.check_schema
checker.check_schema = classmethod(lambda cls, s, *a, **k: (checks.append(1), original_check.__func__(cls, s, *a, **k)))
module.response_validator.cache_clear()
for name, answer in ANSWERS.items():
    outcome(patched, answer)
checker.check_schema = original_check
schema_checks = len(checks)

# A subclass with a schema of its own is judged by Rasa's method, with its schema.
class Strict(RemoteAction):
    @staticmethod
    def action_response_format_spec():
        return {"type": "object", "required": ["events"]}
try:
    Strict("s", None)._validate_action_result({})
    strict = "accepted"
except jsonschema.ValidationError as error:
    strict = error.message

# The launcher installs it (and the event types) before handing over to Rasa, token kept off argv.
import rasa.__main__
seen = {}
def fake_rasa_main():
    from rasa.shared.core.events import Event
    seen["validator"] = RemoteAction._validate_action_result is module.validate_action_result
    seen["events"] = Event.resolve_by_type.__qualname__
    seen["argv"] = sys.argv[:]
rasa.__main__.main = fake_rasa_main
RemoteAction._validate_action_result = rasas  # as Rasa ships it, so that only the launcher can install
os.environ["ECOASSIST_RASA_TOKEN"] = "t0ken"
import bot.launcher
bot.launcher.main()
seen["token left in env"] = "ECOASSIST_RASA_TOKEN" in os.environ

print(json.dumps({"installed": installed, "before": before, "after": after, "launcher": seen,
                  "doctests": [doctests.failed, doctests.attempted], "schema checks": schema_checks,
                  "strict subclass": strict}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run_in_rasa(CHECKS)


def test_installs_on_the_pinned_rasa(results: dict[str, Any]) -> None:
    assert results["installed"] is True


def test_accepts_and_refuses_exactly_what_rasa_does(results: dict[str, Any]) -> None:
    assert results["after"] == results["before"]
    assert sum("refused" in o for o in results["before"].values()) >= 5  # the cases do exercise refusals
    assert results["after"]["events not a list"]["refused"].endswith("/custom-actions")


def test_the_schema_is_checked_once_for_many_answers(results: dict[str, Any]) -> None:
    assert results["schema checks"] == 1


def test_a_subclass_with_its_own_schema_keeps_rasas_check(results: dict[str, Any]) -> None:
    assert results["strict subclass"].startswith("'events' is a required property")


def test_module_examples_hold(results: dict[str, Any]) -> None:
    failed, attempted = results["doctests"]
    assert attempted >= 4 and failed == 0


def test_launcher_installs_before_rasa_starts(results: dict[str, Any]) -> None:
    seen = results["launcher"]
    assert seen["validator"] is True
    assert seen["events"] == "EventTypes.resolve"
    assert seen["argv"][:2] == ["rasa", "run"] and seen["argv"][-2:] == ["--auth-token", "t0ken"]
    assert seen["token left in env"] is False

"""Rasa's check of the action server's answers, with the schema compiled once.

Rasa 3.6 checks every answer of the action server (each custom action, each form validation,
each ``action_ask_…``) with ``jsonschema.validate(result, schema)``. That function first checks
the schema itself against JSON Schema's meta-schema, and the schema never changes: profiled
under load, re-checking it was 42 % of Rasa's CPU (docs/reliability.md). :func:`install`
makes Rasa validate with one validator built and checked once: the same schema, the same
choice of the error to report (``best_match``), the same message, so a wrong answer from the
action server is refused exactly as before.

Only the pinned Rasa is patched (:data:`RASA_SERIES`); another version runs unpatched, with a
warning, until this module is checked against it. A subclass of ``RemoteAction`` with a schema
of its own (Rasa 3.6 has none) is validated by Rasa's own method.

>>> from rasa.core.actions.action import RemoteAction
>>> install()
True
>>> RemoteAction(name="a", action_endpoint=None)._validate_action_result({"events": [], "responses": []})
True
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import rasa
from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

logger = logging.getLogger(__name__)

_rasas_own = RemoteAction._validate_action_result

RASA_SERIES = "3.6."
ADVICE = (
    ". Failed to validate Action server response from API, make sure your response from the Action "
    f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)  # Rasa's own words (rasa/core/actions/action.py)


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """The validator of :meth:`RemoteAction.action_response_format_spec`, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(action: RemoteAction | None, result: dict[str, Any]) -> bool:
    """What ``RemoteAction._validate_action_result`` does, without re-checking the schema.

    >>> validate_action_result(None, {"events": [{"event": "slot", "name": "x", "value": 1}]})
    True
    >>> validate_action_result(None, {"events": "no"})
    Traceback (most recent call last):
    ...
    jsonschema.exceptions.ValidationError: 'no' is not of type 'array'. Failed to validate ...
    """
    if action is not None and type(action).action_response_format_spec is not RemoteAction.action_response_format_spec:
        return bool(_rasas_own(action, result))
    error: ValidationError | None = exceptions.best_match(response_validator().iter_errors(result))
    if error is not None:
        error.message += ADVICE
        raise error
    return True


def install() -> bool:
    """Make Rasa's remote actions use :func:`validate_action_result`; False if Rasa is not the pinned series."""
    if not rasa.__version__.startswith(RASA_SERIES):
        logger.warning("Rasa %s is not %sx: action answers are validated the slow way", rasa.__version__, RASA_SERIES)
        return False
    RemoteAction._validate_action_result = validate_action_result
    return True

"""Rasa's lookup of an event class by its type name, with the class list kept between calls.

Every message makes Rasa read the conversation back from its tracker store and turn each stored
event into an object; for each one ``Event.resolve_by_type`` walks the whole ``Event`` class tree
again (``all_subclasses``, with an ``inspect.isabstract`` call per class). Profiled under load
that walk was 17 % of Rasa's CPU (docs/reliability.md). :func:`install` keeps the walked list
and answers from it, in Rasa's order, so the first class with the name wins as before; a name
it does not know makes it walk the tree again (a class imported since) before Rasa's own
answer for unknown names (``topic`` → None, the default, or ``ValueError``). A class imported
after the first walk under a name already known is not seen; Rasa defines none, nor does this
project.

>>> install()
True
>>> from rasa.shared.core.events import Event, SlotSet
>>> Event.resolve_by_type("slot") is SlotSet
True
"""

from __future__ import annotations

import logging
from typing import Any

import rasa
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

logger = logging.getLogger(__name__)

RASA_SERIES = "3.6."


class EventTypes:
    """The concrete ``Event`` classes, walked once and again only when a name is not found.

    >>> from rasa.shared.core.events import UserUttered
    >>> types = EventTypes()
    >>> types.resolve("user") is UserUttered
    True
    >>> types.resolve("topic") is None
    True
    >>> types.resolve("no such event")
    Traceback (most recent call last):
    ...
    ValueError: Unknown event name 'no such event'.
    """

    def __init__(self) -> None:
        self._classes: list[Any] = []

    def _find(self, type_name: str) -> Any:
        return next((cls for cls in self._classes if cls.type_name == type_name), None)

    def resolve(self, type_name: str, default: Any = None) -> Any:
        """The class ``Event.resolve_by_type(type_name, default)`` of Rasa 3.6 returns."""
        found = self._find(type_name)
        if found is None:
            self._classes = all_subclasses(Event)
            found = self._find(type_name)
        if found is not None:
            return found
        if type_name == "topic":
            return None  # Rasa's backwards compatibility for old TopicSet events
        if default is not None:
            return default
        raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> bool:
    """Make ``Event.resolve_by_type`` answer from one :class:`EventTypes`; False if Rasa is not the pinned series."""
    if not rasa.__version__.startswith(RASA_SERIES):
        logger.warning("Rasa %s is not %sx: event types are looked up the slow way", rasa.__version__, RASA_SERIES)
        return False
    Event.resolve_by_type = staticmethod(EventTypes().resolve)
    return True

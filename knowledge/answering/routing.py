"""Where a question goes: a service item's own facts, an answer from a clause, an offer of the
item the user seems to mean, or the consultation ladder (ask which one, not sure, not found).

One pure function over what the searcher and the service recogniser found, so the Rasa action
stays thin and every branch is tested without Rasa:

1. the message clearly names an item and asks about one of its aspects (材料、时限、费用、在哪办、
   要不要办、流程) → the item's facts, and the walk-through offered, even when search found a
   confident answer: for such questions that is mostly a loosely related clause (tried on the
   dialogue dev part: letting a confident clause from outside the item's references win
   dropped item questions answered right from 19 to 14 of 20 and gained no consultation);
2. search found a confident answer → the clause, and the walk-through of the item the message
   clearly names, else of the one item whose legal basis is that clause;
3. no confident answer, but one item is clearly meant → offer it (「您是想办理『…』吗？」); but a
   message that asks a question and has candidate clauses gets "not sure" with the candidates
   and the item's button (「工地打桩的泥浆能不能排到河里」 names 打桩 but asks about the law);
4. no confident answer, two or three items are plausible → offer them;
5. otherwise the consultation decision as it stands (not sure, with candidates, or not found).

>>> from knowledge.answering.consultation import Decision
>>> from knowledge.services.catalogue import load_catalogue
>>> from knowledge.services.recognition import ItemScore, Recognition
>>> permit = load_catalogue().get("pollutant_permit")
>>> clear = Recognition("clear", (ItemScore(permit, 1.5, 1.0, 0.1),))
>>> route(Decision("no_answer"), clear, aspect=None).kind
'offer_item'
>>> route(Decision("no_answer"), Recognition("none"), aspect=None).kind
'no_answer'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.answering.consultation import Decision
from knowledge.services.catalogue import ServiceItem
from knowledge.services.enquiry import Aspect
from knowledge.services.recognition import Recognition
from knowledge.services.references import ItemLinks

RouteKind = Literal["item_facts", "answer", "offer_item", "offer_items", "not_sure", "no_answer"]


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    decision: Decision
    items: tuple[ServiceItem, ...] = ()  # the item(s) to offer (or whose facts to give)
    aspect: Aspect | None = None

    @property
    def offer(self) -> ServiceItem | None:
        """The one item whose walk-through follows the reply, if any."""
        return self.items[0] if len(self.items) == 1 else None


def route(
    decision: Decision,
    recognition: Recognition,
    *,
    aspect: Aspect | None,
    asks: bool = False,
    links: ItemLinks | None = None,
) -> Route:
    """What to reply; ``asks``: whether the message asks a question at all
    (:func:`knowledge.search.focus.asks_something`); ``links``: how items and clauses meet."""
    links = links or ItemLinks()
    clear = recognition.clear
    if clear is not None and aspect is not None and aspect.applies_to(clear):
        return Route("item_facts", decision, (clear,), aspect)
    if decision.kind == "answer" and decision.best is not None:
        based = links.resting_on.get(decision.best.clause.clause_id)
        offer = clear or based
        return Route(decision.kind, decision, (offer,) if offer is not None else ())
    if clear is not None:
        if asks and decision.kind == "not_sure":
            return Route("not_sure", decision, (clear,))
        return Route("offer_item", decision, (clear,))
    if recognition.kind == "ambiguous":
        return Route("offer_items", decision, tuple(recognition.offered))
    return Route(decision.kind, decision)

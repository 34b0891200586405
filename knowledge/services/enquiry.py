"""A question about a service item — its materials, time limit, fee, where to apply, whether
it is needed, its steps — answered from the item's own facts.

Which aspect a message asks about comes from cue words kept as data
(``knowledge/data/service_aspects.yml``). The answer states what the catalogue states, with
its basis; a fact the bureau has not published shows as its placeholder phrase, never guessed.

>>> from knowledge.services.catalogue import load_catalogue
>>> from knowledge.services.references import ReferenceIndex
>>> aspect_of("排污证延续要准备哪些材料").id, aspect_of("多久能办好").id, aspect_of("你好") is None
('materials', 'time_limit', True)
>>> aspect_of("排污许可证有效期多久") is None
True
>>> facts = item_facts(load_catalogue().get("nonroad_machinery"), aspect_of("办理时限多长"), ReferenceIndex([], []))
>>> facts.title, facts.lines
('办理时限', ['办理时限：请以业务部门公布为准'])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.payloads import Citation
from knowledge.search.clause_kind import asks_the_law
from knowledge.search.focus import points_back, question_focus
from knowledge.search.tokenizer import normalise
from knowledge.services.catalogue import Fact, ServiceItem
from knowledge.services.preapplication import cite, label, render
from knowledge.services.references import ReferenceIndex
from knowledge.texts import text

ASPECTS_FILE = Path(__file__).parents[1] / "data" / "service_aspects.yml"


@dataclass(frozen=True)
class Aspect:
    id: str
    title: str
    cues: tuple[str, ...]
    unless: tuple[str, ...] = ()
    in_law: tuple[str, ...] = ()  # words with which a clause states this aspect (日内, 收取费用, 受理 …)

    def asked_in(self, folded: str) -> bool:
        return any(c in folded for c in self.cues) and not any(u in folded for u in self.unless)

    def stated_in(self, clause: str) -> bool:
        """Whether ``clause`` says something of this aspect (a period, a fee, an authority …)."""
        return any(w in clause for w in self.in_law)

    def applies_to(self, item: ServiceItem) -> bool:
        """Every aspect applies to every item, except a fee to an item that has none."""
        return self.id != "fee" or item.fee is not None


KNOWN = ("materials", "fee", "time_limit", "where", "need", "steps")


@lru_cache(maxsize=1)
def aspects() -> tuple[Aspect, ...]:
    data = yaml.safe_load(ASPECTS_FILE.read_text("utf-8")) or {}
    unknown = set(data) - set(KNOWN)
    if unknown:
        raise ValueError(f"{ASPECTS_FILE.name}: unknown aspects {sorted(unknown)}; known: {', '.join(KNOWN)}")
    return tuple(
        Aspect(
            key,
            str(v["title"]),
            tuple(map(normalise, v["cues"])),
            tuple(map(normalise, v.get("unless", []))),
            tuple(v.get("in_law", [])),
        )
        for key, v in data.items()
    )


def aspect_of(message: str) -> Aspect | None:
    """The aspect the message asks about: the first (in the data file's order) whose cue is in
    the question itself (:func:`knowledge.search.focus.question_focus`); a question that only
    points back at its context takes the context's, unless it asks whether something is
    allowed or what follows (:func:`knowledge.search.clause_kind.asks_the_law`).

    >>> aspect_of("窗口说材料不齐让我们补，这样合理吗") is None
    True
    >>> aspect_of("材料都交齐了，现在可以开工吗") is None
    True
    >>> aspect_of("听说排污证延续要交一笔费用，是真的吗？大概多少").id
    'fee'
    """
    focus = question_focus(message)
    found = _first_asked(focus)
    if found is not None or focus == message.strip() or asks_the_law(focus):
        return found
    return _first_asked(message) if points_back(focus) else None


def _first_asked(text: str) -> Aspect | None:
    folded = normalise(text)
    return next((a for a in aspects() if a.asked_in(folded)), None)


@dataclass(frozen=True)
class ItemFacts:
    """What to tell a user who asked about one aspect of an item."""

    item: ServiceItem
    title: str
    lines: list[str]
    basis: list[str]
    citations: list[Citation]


# The detail lines (texts.yml ``detail_<name>``) each aspect shows; materials and steps are numbered.
DETAILS = {"time_limit": ("time_limit",), "fee": ("fee",), "where": ("department", "online_entry")}
LISTED = ("materials", "steps")


def _shown(item: ServiceItem, aspect: str) -> list[tuple[str, Fact | None]]:
    """The facts an aspect shows, each with its detail name ("" for a numbered material or step)."""
    if aspect in LISTED:
        return [("", f) for f in getattr(item, aspect)]
    return [(name, getattr(item, name)) for name in DETAILS.get(aspect, ())]


def _line(n: int, name: str, fact: Fact | None, index: ReferenceIndex) -> str:
    """A numbered material or step (one that applies only to some answers says so), or a detail line."""
    if not name and fact is not None:
        return f"{n}. {render(fact, index)}{text('fact_conditional') if fact.when else ''}"
    value = render(fact, index) if fact is not None else text("fact_placeholder")
    return text(f"detail_{name}").format(value=value)


def states(item: ServiceItem, aspect: Aspect) -> bool:
    """Whether the catalogue states ``item``'s ``aspect`` (a fact beyond a placeholder): when it
    does not, the item's facts cannot answer the question, and a clause that does comes first.

    >>> from knowledge.services.catalogue import load_catalogue
    >>> credit = load_catalogue().get("credit_repair")
    >>> states(credit, aspect_of("多久能办好")), states(credit, aspect_of("具体怎么操作，流程是什么"))
    (False, True)
    >>> states(load_catalogue().get("pollutant_permit"), aspect_of("要准备哪些材料"))
    True
    """
    return any(fact is not None and not fact.pending for _, fact in _shown(item, aspect.id))


def item_facts(item: ServiceItem, aspect: Aspect | None, index: ReferenceIndex) -> ItemFacts:
    """The item's facts for ``aspect`` (its description when no aspect was asked), citing the
    facts' own bases first, then the item's legal basis."""
    key = aspect.id if aspect else "need"
    title = aspect.title if aspect else text("service_about")
    shown = _shown(item, key)
    lines = [_line(n, name, fact, index) for n, (name, fact) in enumerate(shown, 1)]
    bases = [f.basis for _, f in shown if f is not None and f.basis is not None]
    refs = list(dict.fromkeys([*bases, *item.legal_basis]))
    return ItemFacts(
        item=item,
        title=title,
        lines=lines or [item.description, text("service_need_check")],
        basis=[label(r, index) for r in refs],
        citations=[cite(r, index) for r in refs],
    )

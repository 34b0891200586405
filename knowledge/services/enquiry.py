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

    def asked_in(self, folded: str) -> bool:
        return any(c in folded for c in self.cues) and not any(u in folded for u in self.unless)

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
        Aspect(key, str(v["title"]), tuple(map(normalise, v["cues"])), tuple(map(normalise, v.get("unless", []))))
        for key, v in data.items()
    )


def aspect_of(message: str) -> Aspect | None:
    """The first aspect (in the data file's order) one of whose cues the message contains."""
    folded = normalise(message)
    return next((a for a in aspects() if a.asked_in(folded)), None)


@dataclass(frozen=True)
class ItemFacts:
    """What to tell a user who asked about one aspect of an item."""

    item: ServiceItem
    title: str
    lines: list[str]
    basis: list[str]
    citations: list[Citation]


def _numbered(facts: tuple[Fact, ...], index: ReferenceIndex) -> list[str]:
    """Every material or step; one that applies only to some answers says so."""
    return [f"{n}. {render(f, index)}{text('fact_conditional') if f.when else ''}" for n, f in enumerate(facts, 1)]


def _lines(item: ServiceItem, aspect: str, index: ReferenceIndex) -> list[str]:
    def detail(name: str, fact: Fact) -> str:
        return text(f"detail_{name}").format(value=render(fact, index))

    if aspect == "materials":
        return _numbered(item.materials, index)
    if aspect == "steps":
        return _numbered(item.steps, index)
    if aspect == "time_limit":
        return [detail("time_limit", item.time_limit)]
    if aspect == "fee":
        fee = item.fee
        return [detail("fee", fee)] if fee is not None else [text("detail_fee").format(value=text("fact_placeholder"))]
    if aspect == "where":
        return [detail("department", item.department), detail("online_entry", item.online_entry)]
    return [item.description, text("service_need_check")]


def _facts_of(item: ServiceItem, aspect: str) -> list[Fact]:
    """The facts an aspect shows (their bases are cited first)."""
    by_aspect: dict[str, list[Fact | None]] = {
        "materials": list(item.materials),
        "steps": list(item.steps),
        "time_limit": [item.time_limit],
        "fee": [item.fee],
        "where": [item.department, item.online_entry],
    }
    return [f for f in by_aspect.get(aspect, []) if f is not None]


def item_facts(item: ServiceItem, aspect: Aspect | None, index: ReferenceIndex) -> ItemFacts:
    """The item's facts for ``aspect`` (its description when no aspect was asked), citing the
    facts' own bases first, then the item's legal basis."""
    key = aspect.id if aspect else "need"
    title = aspect.title if aspect else text("service_about")
    shown = _facts_of(item, key)
    refs = list(dict.fromkeys([*(f.basis for f in shown if f.basis is not None), *item.legal_basis]))
    return ItemFacts(
        item=item,
        title=title,
        lines=_lines(item, key, index),
        basis=[label(r, index) for r in refs],
        citations=[cite(r, index) for r in refs],
    )

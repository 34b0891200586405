"""Worked walk-throughs of every service item: ``knowledge/data/eval/service_scenarios.yml``.

Each item has an eligible path, an ineligible path and, where it has one, a staff-review
path. They are evaluation data, like ``data/eval/out_of_scope.txt``: nothing at run time
reads them. ``scripts/service_stories.py`` turns them into Rasa conversation tests, and the
pytest suites check the rules and the running system against them; keeping them beside the
items means an item and its examples change together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

SCENARIOS_FILE = Path(__file__).parents[1] / "data" / "eval" / "service_scenarios.yml"
OUTCOMES = {"eligible": "eligible", "ineligible": "not_eligible", "review": "review"}


@dataclass(frozen=True)
class Scenario:
    item: str
    entity: str
    path: str
    turns: tuple[tuple[str, str], ...]
    outcome: str
    invalid: str
    question: str

    @property
    def id(self) -> str:
        return f"{self.item}-{self.path}"


def load_scenarios() -> list[Scenario]:
    """One scenario per path of each item, in file order.

    >>> [s.id for s in load_scenarios()][:3]
    ['eia_approval-eligible', 'eia_approval-ineligible', 'eia_approval-review']
    """
    out = []
    for entry in yaml.safe_load(SCENARIOS_FILE.read_text("utf-8")):
        for path, outcome in OUTCOMES.items():
            if path in entry:
                turns = tuple((str(i), str(t)) for i, t in entry[path])
                out.append(
                    Scenario(entry["item"], entry["entity"], path, turns, outcome, entry["invalid"], entry["question"])
                )
    return out

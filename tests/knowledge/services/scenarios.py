"""The service-item scenarios of ``service_scenarios.yml``, as records for parametrized tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

SCENARIOS_FILE = Path(__file__).parent / "service_scenarios.yml"
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
    out = []
    for entry in yaml.safe_load(SCENARIOS_FILE.read_text("utf-8")):
        for path, outcome in OUTCOMES.items():
            if path in entry:
                turns = tuple((str(i), str(t)) for i, t in entry[path])
                out.append(
                    Scenario(entry["item"], entry["entity"], path, turns, outcome, entry["invalid"], entry["question"])
                )
    return out

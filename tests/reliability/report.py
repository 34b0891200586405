"""The full run's results as Markdown tables (pasted into ``docs/reliability.md``) and as JSON.

>>> from tests.reliability.figures import Figures
>>> f = Figures(10, 10, 5.0, 2.0, 0.1, 0.5, 0.9, 1.0)
>>> load_table([LoadRow(10, f, 10, "ok")]).splitlines()[2]
'| 10 | 10 | 10 | 2.0 | 100 | 500 | 900 | none | ok |'
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.figures import Figures
from tests.reliability.saturation import P95_TARGET_S, Saturation
from tests.reliability.verdict import Verdict

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadRow:
    users: int
    figures: Figures
    completed: int
    ledger: str
    by_kind: dict[str, tuple[int, float, float]] = field(default_factory=dict)


@dataclass
class Results:
    """Everything the full run found, in the order it ran."""

    settings: dict[str, Any] = field(default_factory=dict)
    loads: list[LoadRow] = field(default_factory=list)
    saturations: list[Saturation] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> list[str]:
        return [f"{v.name}: {line}" for v in self.verdicts for line in v.failed()]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _errors(figures: Figures) -> str:
    return ", ".join(f"{k}×{v}" for k, v in sorted(figures.errors.items())) or "none"


def load_table(rows: list[LoadRow]) -> str:
    lines = [
        "| users | requests | conversations completed | msg/s | p50 ms | p95 ms | p99 ms | not 200 | ledger |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        f = r.figures
        lines.append(
            f"| {r.users} | {f.requests} | {r.completed} | {f.throughput:.1f} | {_ms(f.p50)} | {_ms(f.p95)} "
            f"| {_ms(f.p99)} | {_errors(f)} | {r.ledger} |"
        )
    return "\n".join(lines)


def kind_table(rows: list[LoadRow]) -> str:
    """p50 / p95 (ms) of each step of the conversation, per number of users."""
    kinds = sorted({k for r in rows for k in r.by_kind})
    lines = ["| step | " + " | ".join(f"{r.users} users: n, p50, p95" for r in rows) + " |"]
    lines.append("|---|" + "---:|" * len(rows))
    for kind in kinds:
        cells = []
        for r in rows:
            n, p50, p95 = r.by_kind.get(kind, (0, 0.0, 0.0))
            cells.append(f"{n}, {_ms(p50)}, {_ms(p95)}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def saturation_table(saturations: list[Saturation]) -> str:
    lines = ["| target | workers | msg/s | p50 ms | p95 ms | p99 ms | not 200 |", "|---|---:|---:|---:|---:|---:|---|"]
    for s in saturations:
        for workers, f in s.steps.items():
            lines.append(
                f"| {s.target} | {workers} | {f.throughput:.1f} | {_ms(f.p50)} | {_ms(f.p95)} | {_ms(f.p99)} "
                f"| {_errors(f)} |"
            )
    held = "; ".join(f"{s.target} {s.held_rate:.1f} msg/s" for s in saturations)
    return "\n".join(lines) + f"\n\nHighest rate held at p95 ≤ {P95_TARGET_S:.0f} s: {held}."


def verdict_table(verdicts: list[Verdict]) -> str:
    lines = ["| scenario | survived | checks failed | notes |", "|---|---|---|---|"]
    for v in verdicts:
        failed = "<br>".join(_cell(x) for x in v.failed()) or "none"
        notes = "<br>".join(_cell(x) for x in [*v.notes, *(f"{k} {t:.1f}" for k, t in v.timings.items())])
        lines.append(f"| {v.name} | {'yes' if v.survived else '**no**'} | {failed} | {notes} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:400]


def render(results: Results) -> str:
    parts = [
        f"Run settings: {json.dumps(results.settings, ensure_ascii=False)}; took {results.seconds / 60:.1f} min.",
        "### Load (users with pauses)",
        load_table(results.loads),
        "Latency by step of the conversation (first attempt of each message, ms):",
        kind_table(results.loads),
        "### Saturation (no pauses): the gateway and bare Rasa",
        saturation_table(results.saturations),
        "### Faults and hostile input",
        verdict_table(results.verdicts),
    ]
    return "\n\n".join(parts) + "\n"


def write(results: Results, directory: Path) -> Path:
    """Write ``report.md`` and ``report.json`` into ``directory``; return the Markdown's path."""
    directory.mkdir(parents=True, exist_ok=True)
    data = {
        "settings": results.settings,
        "seconds": results.seconds,
        "loads": [
            {"users": r.users, "completed": r.completed, "ledger": r.ledger, **r.figures.as_dict()}
            for r in results.loads
        ],
        "saturations": [
            {"target": s.target, "held_rate": s.held_rate, "steps": {w: f.as_dict() for w, f in s.steps.items()}}
            for s in results.saturations
        ],
        "verdicts": [v.as_dict() for v in results.verdicts],
        "failures": results.failures,
    }
    (directory / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    markdown = directory / "report.md"
    markdown.write_text(render(results), "utf-8")
    return markdown

"""What a fault scenario concluded: each named check passed or not, with the evidence.

>>> v = Verdict("rasa kill -9")
>>> v.check("no 5xx", True)
>>> v.check("answered within 5 s", False, "3 of 40 took longer")
>>> v.survived, v.failed()
(False, ['answered within 5 s: 3 of 40 took longer'])
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.reliability.figures import Figures
from tests.reliability.ledger import LedgerReport

logger = logging.getLogger(__name__)
POLL_S = 0.1


@dataclass
class Verdict:
    """A scenario's checks in order, with the figures and ledger of its load."""

    name: str
    checks: dict[str, bool] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    figures: Figures | None = None
    ledger: LedgerReport | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def check(self, name: str, passed: bool, evidence: str = "") -> None:
        self.checks[name] = bool(passed)
        if evidence and not passed:  # the evidence explains a failure; a pass needs none
            self.evidence[name] = evidence
        logger.info("%s: %s %s %s", self.name, "ok" if passed else "FAILED", name, "" if passed else evidence)

    @property
    def survived(self) -> bool:
        return bool(self.checks) and all(self.checks.values())

    def failed(self) -> list[str]:
        return [f"{n}: {self.evidence.get(n, '')}".rstrip(": ") for n, ok in self.checks.items() if not ok]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "survived": self.survived,
            "checks": self.checks,
            "evidence": self.evidence,
            "notes": self.notes,
            "timings": self.timings,
            "figures": self.figures.as_dict() if self.figures else None,
            "ledger": self.ledger.line() if self.ledger else None,
        }


async def when(condition: Callable[[], bool], *, timeout: float, what: str) -> bool:
    """Wait until ``condition`` holds (polled); ``False`` (logged) if it did not within ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logger.warning("gave up waiting for %s after %.0fs", what, timeout)
            return False
        await asyncio.sleep(POLL_S)
    return True

"""The figures of a run: throughput, latency percentiles and the statuses that were not 200.

>>> percentile([0.1, 0.2, 0.3, 0.4], 50)
0.25
>>> s = [Sample(0.0, 0.2, 200), Sample(1.0, 0.4, 503), Sample(2.0, 0.3, 200)]
>>> f = summarise(s, duration=4.0)
>>> (f.requests, f.ok, f.errors, round(f.throughput, 2))
(3, 2, {'503': 1}, 0.5)
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tests.reliability.exchange import Sample

logger = logging.getLogger(__name__)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile with linear interpolation (numpy's default); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Figures:
    """What a run measured: requests, how many were answered 200, their rate, and the latencies."""

    requests: int
    ok: int
    duration: float
    throughput: float  # answered (200) requests per second over the run
    p50: float
    p95: float
    p99: float
    max: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.errors.items() if status.isdigit() and int(status) >= 500)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        errors = ", ".join(f"{k}×{v}" for k, v in sorted(self.errors.items())) or "none"
        return (
            f"{self.requests} requests in {self.duration:.1f}s, {self.throughput:.1f}/s; "
            f"p50 {self.p50 * 1000:.0f} ms, p95 {self.p95 * 1000:.0f} ms, p99 {self.p99 * 1000:.0f} ms; "
            f"not 200: {errors}"
        )


def summarise(samples: Sequence[Sample], *, duration: float) -> Figures:
    """The figures of these attempts over a run of ``duration`` seconds."""
    latencies = [s.latency for s in samples]
    statuses = Counter(str(s.status) for s in samples)
    ok = statuses.pop("200", 0)
    return Figures(
        requests=len(samples),
        ok=ok,
        duration=duration,
        throughput=ok / duration if duration > 0 else 0.0,
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
        max=max(latencies, default=0.0),
        errors=dict(statuses),
    )


def by_kind(latencies: Sequence[tuple[str, float]]) -> dict[str, tuple[int, float, float]]:
    """(count, p50, p95) of the latencies of each kind of message.

    >>> by_kind([("menu", 0.1), ("menu", 0.3), ("question", 1.0)])
    {'menu': (2, 0.2, 0.29), 'question': (1, 1.0, 1.0)}
    """
    groups: dict[str, list[float]] = {}
    for kind, latency in latencies:
        groups.setdefault(kind, []).append(latency)
    return {k: (len(v), round(percentile(v, 50), 3), round(percentile(v, 95), 3)) for k, v in sorted(groups.items())}

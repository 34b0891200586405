"""Combine the rankings of several search channels into one.

Two methods, both weighted per channel:

* ``rrf``, reciprocal-rank fusion: ``sum(w / (k + rank))`` over the channels' top
  candidates. It ignores score scales, so channels of any kind combine safely.
* ``score``: each channel's scores divided by its best score, then a weighted sum.
  It keeps how far apart the candidates are, which ranks alone forget.

>>> import numpy as np
>>> a, b = np.array([3.0, 2.0, 0.0]), np.array([0.0, 1.0, 0.9])
>>> [int(i) for i in fuse([a, b], weights=[1.0, 1.0], method="rrf", depth=3).argsort()[::-1]]
[1, 0, 2]
>>> [round(float(x), 2) for x in fuse([a, b], weights=[1.0, 1.0], method="score")]
[1.0, 1.67, 0.9]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

FusionMethod = Literal["rrf", "score"]
RRF_K = 60


def fuse(
    channels: Sequence[np.ndarray],
    *,
    weights: Sequence[float],
    method: FusionMethod = "rrf",
    depth: int = 100,
    k: int = RRF_K,
) -> np.ndarray:
    """One fused score per clause from each channel's scores (higher is better)."""
    if len(channels) != len(weights):
        raise ValueError("one weight per channel")
    fused = np.zeros(len(channels[0]), dtype=np.float64)
    for scores, weight in zip(channels, weights, strict=True):
        if weight == 0 or not scores.any():
            continue
        if method == "score":
            fused += weight * scores / max(float(scores.max()), 1e-9)
            continue
        n = min(depth, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        fused[top] += weight / (k + np.arange(1, len(top) + 1))
    return fused

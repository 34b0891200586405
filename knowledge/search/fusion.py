"""Combine the rankings of several search channels into one.

Three methods, each weighted per channel:

* ``minmax`` (the default): each channel's scores rescaled so that its best candidate
  scores 1 and its ``depth``-th best 0 (lower ones 0 too), then a weighted sum. It keeps how
  far apart the candidates are, which ranks forget, and measures each channel against its
  own runner-ups rather than against zero: a BM25 channel whose every candidate shares one
  common word and a cosine channel whose 100th candidate still scores 0.85 both spread over
  0–1. On the dev part of the independent statute questions it ranked the right clause first
  for 0.748 against 0.701 for ``rrf`` (docs/benchmarks.md).
* ``rrf``, reciprocal-rank fusion: ``sum(w / (k + rank))`` over the channels' top
  candidates. It ignores score scales, so channels of any kind combine safely.
* ``score``: each channel's scores divided by its best score, then a weighted sum.

>>> import numpy as np
>>> a, b = np.array([3.0, 2.0, 0.0]), np.array([0.0, 1.0, 0.9])
>>> [int(i) for i in fuse([a, b], weights=[1.0, 1.0], method="rrf", depth=3).argsort()[::-1]]
[1, 0, 2]
>>> [round(float(x), 2) for x in fuse([a, b], weights=[1.0, 1.0], method="score")]
[1.0, 1.67, 0.9]
>>> [round(float(x), 2) for x in fuse([a, b], weights=[1.0, 1.0], method="minmax", depth=3)]
[1.0, 1.67, 0.9]
>>> [round(float(x), 2) for x in fuse([a, b], weights=[1.0, 1.0], method="minmax", depth=2)]
[1.0, 1.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

FusionMethod = Literal["minmax", "rrf", "score"]
RRF_K = 60
# How many candidates each channel contributes; the dense channel scores exactly this many
# (:meth:`knowledge.search.dense.DenseIndex.scores`), so min-max's floor is a real score.
CANDIDATE_DEPTH = 100


def fuse(
    channels: Sequence[np.ndarray],
    *,
    weights: Sequence[float],
    method: FusionMethod = "minmax",
    depth: int = CANDIDATE_DEPTH,
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
        if method == "minmax":
            fused += weight * _rescaled(scores, depth)
            continue
        n = min(depth, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        fused[top] += weight / (k + np.arange(1, len(top) + 1))
    return fused


def _rescaled(scores: np.ndarray, depth: int) -> np.ndarray:
    """``scores`` (none below 0) mapped so the best is 1 and the ``depth``-th best (and all below) 0.

    With no more than ``depth`` clauses the floor is 0 (a plain division by the best), so a
    small knowledge base loses no candidate; candidates tied at the top all get 1.

    >>> [float(x) for x in _rescaled(np.array([2.0]), 100)]
    [1.0]
    >>> [float(x) for x in _rescaled(np.array([1.0, 1.0, 0.5]), 2)]
    [1.0, 1.0, 0.0]
    >>> [float(x) for x in _rescaled(np.array([4.0, 0.0, 2.0, 0.0]), 2)]
    [1.0, 0.0, 0.0, 0.0]
    """
    floor = 0.0
    positive = scores[scores > 0]  # channels score 0 or more: the depth-th best is 0 or among these
    if len(positive) >= depth and len(scores) > depth:
        floor = float(np.partition(positive, len(positive) - depth)[len(positive) - depth])
    span = float(scores.max()) - floor
    if span <= 1e-12:
        return ((scores >= floor) & (scores > 0)).astype(np.float64)
    return np.clip((scores - floor) / span, 0.0, None)

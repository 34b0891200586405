"""Fusion: min-max rescaling finds each channel's floor among its positive scores alone."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.search.fusion import _rescaled, fuse


def rescaled_over_all_scores(scores: np.ndarray, depth: int) -> np.ndarray:
    """The definition: the floor is the ``depth``-th best of all scores."""
    floor = 0.0
    if len(scores) > depth:
        floor = float(np.partition(scores, len(scores) - depth)[len(scores) - depth])
    span = float(scores.max()) - floor
    if span <= 1e-12:
        return ((scores >= floor) & (scores > 0)).astype(np.float64)
    return np.clip((scores - floor) / span, 0.0, None)


def test_rescaling_over_the_positive_scores_equals_the_definition() -> None:
    """Channels score 0 or more; with ties, zeros and depths on both sides of the count."""
    rng = np.random.default_rng(7)
    for _ in range(2000):
        n, depth = int(rng.integers(1, 300)), int(rng.integers(1, 150))
        scores = rng.random(n).astype(rng.choice([np.float32, np.float64]))
        scores[rng.random(n) < rng.random()] = 0
        if rng.random() < 0.3:
            scores = np.round(scores, 1)
        assert np.array_equal(_rescaled(scores, depth), rescaled_over_all_scores(scores, depth))


@pytest.mark.parametrize("method", ["minmax", "rrf", "score"])
def test_a_channel_without_scores_adds_nothing(method: str) -> None:
    lexical = np.array([0.0, 3.0, 1.0])
    fused = fuse([lexical, np.zeros(3)], weights=[1.0, 1.0], method=method, depth=2)
    assert int(np.argmax(fused)) == 1 and fused[0] == 0

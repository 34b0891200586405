"""Portraits: clause vectors moved towards their everyday questions, per blend, built once."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.search.dense import DenseIndex
from knowledge.search.portraits import KEPT, Portraits, portrayed
from knowledge.search.questions import QuestionIndex


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


VECTORS = unit(np.random.default_rng(2).normal(size=(20, 8)))


def test_a_portrait_moves_a_clause_towards_its_questions_and_leaves_unasked_ones() -> None:
    # people ask about clause 3 the way clause 11 reads
    asked = QuestionIndex.build(VECTORS[[11]], np.array([3]), clause_count=20)
    portraits = Portraits(DenseIndex.build(VECTORS), asked).index(1.0)
    moved = portraits.vectors()
    np.testing.assert_allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-5)
    others = np.arange(20) != 3
    np.testing.assert_allclose(moved[others], VECTORS[others], atol=1e-6)
    plain = DenseIndex.build(VECTORS).scores(VECTORS[11], depth=20)
    portrayed_scores = portraits.scores(VECTORS[11], depth=20)
    assert portrayed_scores[3] > plain[3] and portrayed_scores[11] == pytest.approx(plain[11])


def test_each_blend_is_built_once_and_only_a_few_are_kept() -> None:
    dense = DenseIndex.build(VECTORS)
    portraits = Portraits(dense, QuestionIndex.build(VECTORS[:5], np.arange(5), clause_count=20), ready=0.5)
    first = portraits.index(0.5)
    assert portraits.index(0.5) is first and first is not dense
    for blend in (0.1, 0.2, 0.3, 0.4):
        portraits.index(blend)
    assert len(portraits._built) == KEPT and portraits.index(0.5) is not first  # the oldest made room


def test_without_questions_or_at_zero_the_clause_texts_rank() -> None:
    dense = DenseIndex.build(VECTORS)
    assert Portraits(dense, None, ready=0.5).index(0.5) is dense
    empty = QuestionIndex.build(np.zeros((0, 8), np.float32), np.array([], int), clause_count=20)
    assert Portraits(dense, empty).index(0.5) is dense
    assert Portraits(dense, QuestionIndex.build(VECTORS[:1], np.array([0]), clause_count=20)).index(0.0) is dense


@pytest.mark.parametrize("blend", [-0.5, float("inf"), float("nan")])
def test_a_blend_that_is_no_weight_is_refused(blend: float) -> None:
    with pytest.raises(ValueError, match="finite weight"):
        portrayed(VECTORS, np.zeros_like(VECTORS), blend)

"""The question channel's index: best question per clause, a bounded candidate set, saved and loaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.search.questions import QuestionIndex


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_a_clause_scores_its_nearest_question_and_unasked_clauses_score_nothing() -> None:
    vectors = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)])
    index = QuestionIndex.build(vectors, np.array([0, 0, 2]), clause_count=4)
    scores = index.scores(unit(0, 1, 0))
    assert scores[0] > scores[2] > 0 and scores[0] == np.float32(1.0)
    assert scores[1] == scores[3] == 0


def test_only_the_depth_best_clauses_are_scored() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = QuestionIndex.build(vectors, np.arange(300) // 3, clause_count=100)
    scores = index.scores(vectors[0], depth=10)
    assert np.count_nonzero(scores) == 10
    assert scores.argmax() == 0


def test_saved_and_loaded_and_absent_when_never_built(tmp_path: Path) -> None:
    index = QuestionIndex.build(np.stack([unit(1, 0), unit(0, 1)]), np.array([1, 0]), clause_count=2)
    index.save(tmp_path)
    loaded = QuestionIndex.load(tmp_path, clause_count=2)
    assert loaded is not None and len(loaded) == 2
    assert np.array_equal(loaded.scores(unit(1, 0)), index.scores(unit(1, 0)))
    assert QuestionIndex.load(tmp_path / "elsewhere", clause_count=2) is None


def test_centroids_average_each_clauses_questions() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    index = QuestionIndex.build(vectors, np.array([2, 2, 0]), clause_count=4)
    centroids = index.centroids()
    assert centroids.shape == (4, 2)
    np.testing.assert_allclose(centroids[[0, 2]], [[0.6, 0.8], [0.5, 0.5]])
    assert not centroids[[1, 3]].any()
    assert not QuestionIndex.build(np.zeros((0, 2), np.float32), np.array([], int), clause_count=2).centroids().any()

"""The dense channel's clause vectors, moved towards the everyday questions people ask of them.

A clause's text is formal and a user's message is not, so the cosine of a message to the text
alone put the right clause first for only half of the statute dev questions. The question
channel compares a message with each everyday question one by one (its nearest); a portrait
is the clause's own vector plus ``blend`` times the mean of its questions' vectors,
renormalised, so the dense channel scores how near a message is to what a clause says and to
how people ask about it at once. On the statute dev questions the dense channel alone went
from 0.52 to 0.73 first right at 0.5, and the fused ranking from 0.886 to 0.894
(docs/benchmarks.md). A clause without questions (a newly imported notice) keeps its own
vector, so it competes on its text as before; a staff answer's question and variants are its
questions, as in the question channel.

Portraits are built from the two indexes a build already holds, on first use of a blend weight
(the searcher's own when the index loads), and kept per weight, so a search run with another
:class:`~knowledge.search.config.SearchConfig` gets its own.

>>> dense = DenseIndex.build(np.eye(2, dtype=np.float32))
>>> asked = QuestionIndex.build(np.array([[0.0, 1.0]], dtype=np.float32), np.array([0]), clause_count=2)
>>> portraits = Portraits(dense, asked)
>>> [round(float(x), 2) for x in portraits.index(1.0).scores(np.array([0.0, 1.0], dtype=np.float32))]
[0.71, 1.0]
>>> portraits.index(0.0) is dense
True
"""

from __future__ import annotations

import math
import threading

import numpy as np

from knowledge.search.dense import DenseIndex
from knowledge.search.questions import QuestionIndex

# blend weights kept at once: the configured one, and a few a sweep or an evaluation tries
KEPT = 4


def portrayed(vectors: np.ndarray, centroids: np.ndarray, blend: float) -> np.ndarray:
    """``vectors`` plus ``blend`` times ``centroids`` (zero rows for clauses without questions),
    each row renormalised.

    >>> portrayed(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), 1.0).round(3).tolist()
    [[0.707, 0.707]]
    >>> portrayed(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), float("inf"))
    Traceback (most recent call last):
    ValueError: a question blend is a finite weight of 0 or more, not inf
    """
    if not math.isfinite(blend) or blend < 0:
        raise ValueError(f"a question blend is a finite weight of 0 or more, not {blend}")
    blended = vectors + blend * centroids
    return blended / np.maximum(np.linalg.norm(blended, axis=1, keepdims=True), 1e-12)


class Portraits:
    """The portraits of one build's clauses, per blend weight, built on first use."""

    def __init__(self, dense: DenseIndex, questions: QuestionIndex | None, *, ready: float = 0.0) -> None:
        """Portraits of ``dense``'s clauses from ``questions``; those at blend ``ready`` built now
        (the searcher's own weight, so that the first question does not wait for them)."""
        self._dense = dense
        self._questions = questions if questions is not None and len(questions) else None
        self._built: dict[float, DenseIndex] = {}
        self._lock = threading.Lock()
        self.index(ready)

    def index(self, blend: float) -> DenseIndex:
        """The dense index to rank by at this blend: the clause texts' own at 0 or without questions."""
        if blend == 0 or self._questions is None:
            return self._dense
        with self._lock:
            built = self._built.get(blend)
            if built is None:
                if len(self._built) >= KEPT:
                    self._built.pop(next(iter(self._built)))
                vectors = portrayed(self._dense.vectors(), self._questions.centroids(), blend)
                built = self._built[blend] = DenseIndex.build(vectors)
            return built

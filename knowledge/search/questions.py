"""The question channel: a clause scores the cosine of its nearest everyday question.

Each clause's questions (:mod:`knowledge.documents.questions`) are encoded as queries, the
same way a user's message is, so the channel compares a question with questions: e5 places
「用暗管偷偷排废水会怎样」 much nearer 「暗管偷排被查到罚多少」 than the penalty article's
formal text. A clause's score is the best of its questions'; only the clauses of the
``depth`` best are scored (others 0), as in the dense channel, so min-max fusion measures
the channel against real runner-ups. On the dev part of the independent statute questions
it raised Hit@1 from 0.748 to 0.925 together with the questions' words in the lexical
channels (docs/benchmarks.md).

>>> import numpy as np
>>> vectors = np.eye(3, dtype=np.float32)[[0, 1, 2, 2]]  # four questions of clauses 0, 0, 1, 2
>>> index = QuestionIndex.build(vectors, np.array([0, 0, 1, 2]), clause_count=4)
>>> [round(float(x), 2) for x in index.scores(np.array([0.0, 0.6, 0.8], dtype=np.float32))]
[0.6, 0.8, 0.8, 0.0]
>>> round(index.nearness(np.array([0.0, 0.6, 0.8], dtype=np.float32), k=2), 2)
0.8
"""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

import faiss
import numpy as np

from knowledge.search.fusion import CANDIDATE_DEPTH

INDEX_FILE = "questions.faiss"
ROWS_FILE = "question_rows.npy"
# How many nearest questions are read: several per clause, so that the ``depth`` best clauses
# are found among them even when clauses have many questions.
QUESTIONS_READ = 20 * CANDIDATE_DEPTH
# A message is searched here for the channel and again for the scope check (its nearest
# questions): the second time, and a repeated message, come from the last searches kept.
RECENT_SEARCHES = 64


class QuestionIndex:
    """Question vectors and, for each, the row of the clause it belongs to."""

    def __init__(self, index: faiss.Index, rows: np.ndarray, clause_count: int) -> None:
        self.index = index
        self.rows = rows
        self.clause_count = clause_count
        # bound to the faiss index, not to self: a replaced index is freed at once
        self._nearest = lru_cache(maxsize=RECENT_SEARCHES)(partial(_search, index, min(QUESTIONS_READ, len(self))))

    @classmethod
    def build(cls, vectors: np.ndarray, rows: np.ndarray, *, clause_count: int) -> QuestionIndex:
        index = faiss.IndexFlatIP(int(vectors.shape[1]))
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, np.asarray(rows, dtype=np.int64), clause_count)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def scores(self, query: np.ndarray, *, depth: int = CANDIDATE_DEPTH) -> np.ndarray:
        """Per clause, the best cosine of its questions to ``query``, for the ``depth`` best clauses
        (others 0; positive so fusion can rank them)."""
        out = np.zeros(self.clause_count, dtype=np.float32)
        if not len(self):
            return out
        sims, ids = self._nearest(np.asarray(query, dtype=np.float32).tobytes())
        keep = ids >= 0
        best = np.zeros(self.clause_count, dtype=np.float32)
        np.maximum.at(best, self.rows[ids[keep]], np.maximum(sims[keep], 1e-6))
        scored = np.flatnonzero(best)
        if len(scored) > depth:
            scored = scored[np.argsort(-best[scored], kind="stable")[:depth]]
        out[scored] = best[scored]
        return out

    def nearness(self, query: np.ndarray, *, k: int) -> float:
        """The mean cosine of ``query``'s ``k`` nearest questions (0 when there are none)."""
        if not len(self):
            return 0.0
        sims, ids = self._nearest(np.asarray(query, dtype=np.float32).tobytes())
        return float(sims[ids >= 0][:k].mean())

    def centroids(self) -> np.ndarray:
        """Per clause, the mean vector of its questions (zero for a clause without questions).

        >>> index = QuestionIndex.build(np.eye(2, dtype=np.float32), np.array([0, 0]), clause_count=2)
        >>> index.centroids().tolist()
        [[0.5, 0.5], [0.0, 0.0]]
        """
        vectors = faiss.downcast_index(self.index).reconstruct_n(0, len(self)) if len(self) else None
        out = np.zeros((self.clause_count, self.index.d), dtype=np.float32)
        if vectors is None:
            return out
        np.add.at(out, self.rows, vectors)
        counts = np.bincount(self.rows, minlength=self.clause_count).astype(np.float32)
        return out / np.maximum(counts, 1.0)[:, np.newaxis]

    def save(self, directory: Path) -> None:
        faiss.write_index(self.index, str(directory / INDEX_FILE))
        np.save(directory / ROWS_FILE, self.rows)

    @classmethod
    def load(cls, directory: Path, *, clause_count: int) -> QuestionIndex | None:
        """The build's question index, or ``None`` when it has none (no questions, or no encoder)."""
        if not (directory / INDEX_FILE).exists():
            return None
        return cls(faiss.read_index(str(directory / INDEX_FILE)), np.load(directory / ROWS_FILE), clause_count)


def _search(index: faiss.Index, reads: int, query: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The ``reads`` nearest questions' cosines and ids, best first (read-only: they are shared)."""
    sims, ids = index.search(np.frombuffer(query, dtype=np.float32).reshape(1, -1), reads)
    sims[0].setflags(write=False)
    ids[0].setflags(write=False)
    return sims[0], ids[0]

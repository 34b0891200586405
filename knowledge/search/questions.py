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
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from knowledge.search.fusion import CANDIDATE_DEPTH

INDEX_FILE = "questions.faiss"
ROWS_FILE = "question_rows.npy"
# How many nearest questions are read: several per clause, so that the ``depth`` best clauses
# are found among them even when clauses have many questions.
QUESTIONS_READ = 20 * CANDIDATE_DEPTH


class QuestionIndex:
    """Question vectors and, for each, the row of the clause it belongs to."""

    def __init__(self, index: faiss.Index, rows: np.ndarray, clause_count: int) -> None:
        self.index = index
        self.rows = rows
        self.clause_count = clause_count

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
        sims, ids = self.index.search(query.reshape(1, -1).astype(np.float32), min(QUESTIONS_READ, len(self)))
        keep = ids[0] >= 0
        best = np.zeros(self.clause_count, dtype=np.float32)
        np.maximum.at(best, self.rows[ids[0][keep]], np.maximum(sims[0][keep], 1e-6))
        scored = np.flatnonzero(best)
        if len(scored) > depth:
            scored = scored[np.argsort(-best[scored], kind="stable")[:depth]]
        out[scored] = best[scored]
        return out

    def save(self, directory: Path) -> None:
        faiss.write_index(self.index, str(directory / INDEX_FILE))
        np.save(directory / ROWS_FILE, self.rows)

    @classmethod
    def load(cls, directory: Path, *, clause_count: int) -> QuestionIndex | None:
        """The build's question index, or ``None`` when it has none (no questions, or no encoder)."""
        if not (directory / INDEX_FILE).exists():
            return None
        return cls(faiss.read_index(str(directory / INDEX_FILE)), np.load(directory / ROWS_FILE), clause_count)

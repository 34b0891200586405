"""Whether a question is the bureau's at all: nearer its clauses' questions, or other matters'.

The knowledge base holds general administrative law (行政许可法, 优化营商环境条例, 社会信用条例,
一网通办), so a question about VAT invoices, social insurance, a patent or a lawsuit over
unpaid goods shares words and meaning with some article, and the answer policy's floors,
which measure how well the best clause matches, let some through. What tells them apart is
what the question resembles: ``knowledge/data/outside.yml`` lists questions enterprises ask
that are other departments' or nobody's (written without the evaluation sets, by theme), and
the clauses' everyday questions (:mod:`knowledge.search.questions`) are the bureau's. A
question whose nearest outside questions are nearer than its nearest everyday questions by at
least the policy's ``outside_margin`` (mean cosines of the 3 nearest) is out of scope: no
answer, no candidates. The file is read at build time: an edit takes effect with the next
``ecoassist kb build`` (or staff FAQ save), which it triggers by changing the build's hash.

Both sides are encoded as queries by the same encoder, so the comparison is question with
question. :mod:`knowledge.search.remit` names the department for topics it lists; this
check covers the rest, and questions about no department at all (「帮我写首诗」).

>>> import numpy as np
>>> questions = OutsideQuestions({"税务": ("发票怎么开",), "人社": ("社保怎么交", "工伤怎么认定")})
>>> len(questions), questions.texts
(3, ('发票怎么开', '社保怎么交', '工伤怎么认定'))
>>> index = OutsideIndex.build(np.eye(3, dtype=np.float32))
>>> round(index.nearness(np.array([0.0, 0.6, 0.8], dtype=np.float32), k=2), 2)
0.7
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

from knowledge.documents.questions import read_yaml

if TYPE_CHECKING:
    from knowledge.search.questions import QuestionIndex

DEFAULT_OUTSIDE = Path(__file__).parents[1] / "data" / "outside.yml"
INDEX_FILE = "outside.faiss"
# How many nearest questions of each side are averaged: one stray question (an outside one
# that is in fact half the bureau's) does not decide alone.
NEAREST = 3


class OutsideQuestionsError(ValueError):
    """``outside.yml`` cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class OutsideQuestions:
    """Questions that are not the bureau's, by theme, and a fingerprint for builds."""

    themes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> OutsideQuestions:
        """The themes of ``path``, the bundled file by default (no file, or an empty one: none,
        and no scope check). Raises :class:`OutsideQuestionsError` on a malformed file."""
        path = path or DEFAULT_OUTSIDE
        if not path.exists():
            return cls()
        data = read_yaml(path, OutsideQuestionsError) or {}
        if not isinstance(data, dict):
            raise OutsideQuestionsError(f"{path.name}: maps each theme to a list of questions")
        themes = {}
        for theme, questions in data.items():
            if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
                raise OutsideQuestionsError(f"{path.name}: {theme} needs a list of questions")
            themes[str(theme)] = tuple(dict.fromkeys(q.strip() for q in questions if q.strip()))
        return cls(themes)

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q for questions in self.themes.values() for q in questions))

    @property
    def fingerprint(self) -> str:
        if not self.texts:
            return "none"
        return hashlib.sha256(json.dumps(self.texts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]

    def __len__(self) -> int:
        return len(self.texts)


class OutsideIndex:
    """The outside questions' vectors (as queries), searched exactly."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> OutsideIndex:
        index = faiss.IndexFlatIP(int(vectors.shape[1]))
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def nearness(self, query: np.ndarray, *, k: int = NEAREST) -> float:
        """The mean cosine of ``query``'s ``k`` nearest outside questions."""
        return nearest_mean(self.index, query, k=k)

    def save(self, directory: Path) -> None:
        faiss.write_index(self.index, str(directory / INDEX_FILE))

    @classmethod
    def load(cls, directory: Path) -> OutsideIndex | None:
        """The build's outside index, or ``None`` when it has none."""
        if not (directory / INDEX_FILE).exists():
            return None
        return cls(faiss.read_index(str(directory / INDEX_FILE)))


def nearest_mean(index: faiss.Index, query: np.ndarray, *, k: int = NEAREST) -> float:
    """The mean inner product of ``query``'s ``k`` nearest vectors in ``index`` (0 when empty)."""
    if not index.ntotal:
        return 0.0
    sims, _ = index.search(query.reshape(1, -1).astype(np.float32), min(k, int(index.ntotal)))
    return float(sims[0].mean())


def beyond_remit(lean: float, *, margin: float) -> bool:
    """Whether a question is out of scope: it leans towards the outside questions (its nearest
    ones, mean cosine, minus its nearest everyday questions', :func:`leaning`) by at least
    ``margin``. A negative margin leans towards refusing.

    >>> beyond_remit(0.92 - 0.90, margin=0.01), beyond_remit(0.905 - 0.90, margin=0.01)
    (True, False)
    >>> beyond_remit(0.89 - 0.90, margin=-0.02)
    True
    """
    return lean >= margin


def leaning(vector: np.ndarray, questions: QuestionIndex, outside: OutsideIndex) -> float:
    """How much nearer the query ``vector`` is to the outside questions than to the clauses'
    everyday questions (``questions``, the question channel's index, whose search for the same
    message this reuses): positive leans outside, and at least the policy's margin is
    :func:`beyond_remit`."""
    return outside.nearness(vector) - questions.nearness(vector, k=NEAREST)

"""How sure search is that its best clause answers the question: a calibrated logistic model.

The hand-set rules of :class:`knowledge.search.config.AnswerPolicy` look at one signal at a
time (enough words matched, or a semantic and a lexical channel both ranking the clause
first), so a long everyday question whose clause is first by a clear margin but only second
in one channel was 「没有把握」, and a question that matched many words of some clause was
answered although it resembled other departments' matters. A :class:`ConfidenceModel` weighs
the signals together:

- ``coverage``: the share of the question's bigrams (idf-weighted) the best clause contains;
- ``lexical_rank`` and ``question_rank``: the best clause's rank in the plain bigram BM25 and
  in the everyday-question channel (log scale: first and second differ more than 20th and 21st);
- ``outside_margin``: how much nearer the question is to questions that are not the bureau's
  than to the clauses' everyday questions (:mod:`knowledge.search.scope`);
- ``runner_up``: the second hit's fused relevance over the first's (near 1: a toss-up);
- ``similarity``: the best dense similarity to any clause (how on-topic the question is);
- ``unfamiliar``: the share of the question's Chinese bigrams, as written (a misspelling counts),
  that the bigram index never holds: no clause, no everyday question and no synonym the index
  expands to uses them (「邻居占了我家车位」 speaks of 车位, which none does). It reads the live
  index, so a knowledge base much smaller than the one fitted on keeps the rules
  (``min_clauses``). Among the dev questions the rules let through, at the same number of
  in-scope answers, it cut the out-of-scope ones answered from 76 to 69 in cross-validation and
  kept the right ones (docs/benchmarks.md, thirty-sixth session).

Its weights are fitted by ``scripts/calibrate_answer.py`` on the dev parts of
``knowledge/data/eval`` (never the test parts) and stored in
``knowledge/data/answer_confidence.json``, with the threshold that scored best in
cross-validation or one given (the one in use; docs/benchmarks.md, "Answer confidence").
:func:`signals_of` reads the signals from search's channel scores, and :func:`channel_ranks` the
two ranks the rules' agreement path compares (for other encoders, which keep the rules).

>>> model = ConfidenceModel(
...     names=SIGNALS, mean=(0.0,) * 7, scale=(1.0,) * 7,
...     weights=(2.0, -1.0, -1.0, -5.0, -1.0, 0.0, -2.0), intercept=0.0, threshold=0.5)
>>> clear = Signals(
...     coverage=0.6, lexical_rank=1, question_rank=1, outside_margin=-0.05, runner_up=0.5, similarity=0.9,
...     unfamiliar=0.0)
>>> round(model.probability(clear), 3), model.sure(clear)
(0.721, True)
>>> model.sure(Signals(0.05, 40, 12, 0.02, 0.98, 0.87, 0.3))
False
"""

from __future__ import annotations

import json
import math
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from knowledge.documents.records import Hit

if TYPE_CHECKING:  # config builds on this module's model
    from knowledge.search.config import SearchConfig

DEFAULT_CONFIDENCE = Path(__file__).resolve().parents[1] / "data" / "answer_confidence.json"
SIGNALS = ("coverage", "lexical_rank", "question_rank", "outside_margin", "runner_up", "similarity", "unfamiliar")
RANKED = frozenset({"lexical_rank", "question_rank"})


class ConfidenceModelError(ValueError):
    """The confidence file is missing, malformed, or for other signals than these."""


@dataclass(frozen=True)
class Signals:
    """What search knows about its best hit for one question (see the module docstring)."""

    coverage: float
    lexical_rank: int
    question_rank: int
    outside_margin: float
    runner_up: float
    similarity: float
    unfamiliar: float

    def features(self) -> tuple[float, ...]:
        """The values the model weighs, in :data:`SIGNALS` order (ranks as logarithms).

        >>> Signals(0.5, 1, 10, 0.0, 0.8, 0.9, 0.1).features()[:3]
        (0.5, 0.0, 2.302585092994046)
        """
        return tuple(
            math.log(max(float(v), 1.0)) if f.name in RANKED else float(v)
            for f, v in zip(fields(self), astuple(self), strict=True)
        )


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic model over standardised :class:`Signals`, and the probability to answer from."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float
    # the ranks mean less in a small knowledge base (first of 18 is easy): below this many
    # clauses search keeps the rules (the calibration sets it to half the size it fitted on; a
    # file written before the field existed applies at every size)
    min_clauses: int = 0

    def __post_init__(self) -> None:
        if tuple(self.names) != SIGNALS:
            raise ConfidenceModelError(f"the model weighs {list(self.names)}, search gives {list(SIGNALS)}")
        if not len(self.mean) == len(self.scale) == len(self.weights) == len(SIGNALS):
            raise ConfidenceModelError("mean, scale and weights need one value per signal")
        if any(s <= 0 for s in self.scale) or not 0 < self.threshold < 1:
            raise ConfidenceModelError("scales must be positive and the threshold between 0 and 1")
        if isinstance(self.min_clauses, bool) or not isinstance(self.min_clauses, int) or self.min_clauses < 0:
            raise ConfidenceModelError(f"min_clauses must be a whole number ≥ 0, not {self.min_clauses!r}")

    def probability(self, signals: Signals) -> float:
        """How likely the best hit is an acceptable answer."""
        z = self.intercept + sum(
            w * (x - m) / s for w, x, m, s in zip(self.weights, signals.features(), self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def sure(self, signals: Signals) -> bool:
        """Whether to answer with the best hit."""
        return self.probability(signals) >= self.threshold

    def applies(self, clauses: int) -> bool:
        """Whether the model may judge in a knowledge base of ``clauses`` clauses.

        >>> ConfidenceModel(SIGNALS, (0.0,) * 7, (1.0,) * 7, (0.0,) * 7, 0.0, 0.5, min_clauses=1000).applies(18)
        False
        """
        return clauses >= self.min_clauses

    @classmethod
    def load(cls, path: Path = DEFAULT_CONFIDENCE) -> ConfidenceModel:
        """The model stored at ``path`` (as ``scripts/calibrate_answer.py`` writes it)."""
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(
                names=tuple(data["signals"]),
                mean=tuple(float(v) for v in data["mean"]),
                scale=tuple(float(v) for v in data["scale"]),
                weights=tuple(float(v) for v in data["weights"]),
                intercept=float(data["intercept"]),
                threshold=float(data["threshold"]),
                min_clauses=data.get("min_clauses", 0),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, ConfidenceModelError):
                raise
            raise ConfidenceModelError(f"{path.name}: cannot be read as a confidence model ({exc})") from exc

    def to_json(self, **provenance: object) -> str:
        """The stored form, with how it was fitted (``provenance``) for the reader."""
        return json.dumps(
            {
                "signals": list(self.names),
                "mean": list(self.mean),
                "scale": list(self.scale),
                "weights": list(self.weights),
                "intercept": self.intercept,
                "threshold": self.threshold,
                "min_clauses": self.min_clauses,
                "fitted": provenance,
            },
            ensure_ascii=False,
            indent=2,
        )


def signals_of(
    scores: dict[str, np.ndarray],
    row: int,
    hits: tuple[Hit, ...],
    outside: float | None,
    similarity: float | None,
    *,
    unfamiliar: float,
) -> Signals | None:
    """What the model weighs about the best hit (row ``row`` of each channel's ``scores``, first
    of ``hits``), given the question's lean towards outside matters and the share of its words the
    knowledge base never uses; ``None`` unless the dense and question channels are in use and the
    lean is known. A channel that does not score the clause ranks it last."""
    if similarity is None or outside is None or "questions" not in scores:
        return None
    best = hits[0].relevance
    return Signals(
        coverage=hits[0].coverage,
        lexical_rank=_rank(scores, "bigrams_raw", row),
        question_rank=_rank(scores, "questions", row),
        outside_margin=outside,
        runner_up=hits[1].relevance / best if len(hits) > 1 and best > 0 else 0.0,
        similarity=similarity,
        unfamiliar=unfamiliar,
    )


def channel_ranks(scores: dict[str, np.ndarray], row: int, config: SearchConfig) -> tuple[int, int]:
    """Clause ``row``'s best rank in a semantic channel (the dense one, or the question channel
    when in use) and its best in a lexical channel in use.

    Clauses tied with it count as ahead of it, and a channel that does not score it does not
    rank it at all (``len + 1``): for the bigram channel that is the plain BM25, before the
    document prior lends every clause of a matching document a score."""
    unranked = len(scores["dense"]) + 1

    def used(names: tuple[str, ...]) -> list[str]:
        return [n for n in names if n in scores and config.weights.get(n, 0)]

    # the clause texts' own ranking (dense_raw), not their portraits (knowledge.search.portraits)
    semantic = [
        _rank(scores, "dense_raw" if n == "dense" and "dense_raw" in scores else n, row)
        for n in used(("dense", "questions"))
    ]
    lexical = [_rank(scores, n, row, scored="bigrams_raw" if n == "bigrams" else n) for n in used(("words", "bigrams"))]
    return min(semantic, default=unranked), min(lexical, default=unranked)


def _rank(scores: dict[str, np.ndarray], name: str, row: int, *, scored: str | None = None) -> int:
    """Clause ``row``'s rank in channel ``name``, clauses tied with it counted ahead; last
    (``len + 1``) when channel ``scored`` (by default ``name`` itself) gives it nothing.

    >>> _rank({"a": np.array([0.2, 0.5, 0.5])}, "a", 1), _rank({"a": np.array([0.0, 1.0])}, "a", 0)
    (2, 3)
    """
    column = scores[name]
    return int((column >= column[row]).sum()) if scores[scored or name][row] > 0 else len(column) + 1

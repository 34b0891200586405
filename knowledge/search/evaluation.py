"""Retrieval quality on a question set: Hit@1, Hit@5, MRR@10 and no-answer precision/recall.

A question file is JSON Lines: ``{"query": str, "expected": [{"document": str, "article": str}]}``;
an empty ``expected`` means the question is out of scope and must get no answer. A document
matches by containment (「环境影响评价法」 matches 「中华人民共和国环境影响评价法」), an article
by its label (「第十四条」, 「（六）」).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.documents.records import Hit
from knowledge.search.config import SearchConfig
from knowledge.search.searcher import Searcher


@dataclass(frozen=True)
class Expected:
    document: str
    article: str


@dataclass(frozen=True)
class Question:
    query: str
    expected: tuple[Expected, ...]

    @property
    def in_scope(self) -> bool:
        return bool(self.expected)


class QuestionFileError(ValueError):
    """A question file line is not of the expected shape."""


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            expected = tuple(Expected(document=e["document"], article=e["article"]) for e in row["expected"])
            questions.append(Question(query=str(row["query"]), expected=expected))
        except (ValueError, KeyError, TypeError) as exc:
            raise QuestionFileError(f"{path}:{number}: {exc}") from exc
    return questions


def matches(hit: Hit, expected: Iterable[Expected]) -> bool:
    return any(e.document in hit.document.title and e.article == hit.clause.label for e in expected)


@dataclass(frozen=True)
class Report:
    """Figures for one way of searching."""

    name: str
    hit_at_1: float
    hit_at_5: float
    mrr_at_10: float
    in_scope: int
    out_of_scope: int
    unanswered_in_scope: float
    answered_right: float
    answered_wrong: float
    no_answer_precision: float
    no_answer_recall: float
    misses: tuple[str, ...] = ()

    def row(self) -> str:
        return (
            f"{self.name:10s} Hit@1 {self.hit_at_1:.3f}  Hit@5 {self.hit_at_5:.3f}  MRR@10 {self.mrr_at_10:.3f}  "
            f"answered right {self.answered_right:.3f} wrong {self.answered_wrong:.3f}  "
            f"unanswered in-scope {self.unanswered_in_scope:.3f}  "
            f"no-answer P {self.no_answer_precision:.3f} R {self.no_answer_recall:.3f}"
        )


def evaluate(
    searcher: Searcher, questions: Sequence[Question], *, name: str = "fused", config: SearchConfig | None = None
) -> Report:
    hit1 = hit5 = 0
    reciprocal = 0.0
    unanswered_in = right = wrong = 0
    refused = refused_correctly = 0
    misses: list[str] = []
    for q in questions:
        result = searcher.search(q.query, k=10, config=config)
        if not result.answered:
            refused += 1
            refused_correctly += not q.in_scope
        if not q.in_scope:
            continue
        unanswered_in += not result.answered
        rank = next((i for i, hit in enumerate(result.hits, start=1) if matches(hit, q.expected)), None)
        hit1 += rank == 1
        right += result.answered and rank == 1
        wrong += result.answered and rank != 1
        hit5 += rank is not None and rank <= 5
        reciprocal += 1.0 / rank if rank else 0.0
        if rank != 1:
            misses.append(f"{rank or '-'}\t{q.query}")
    n_in = sum(q.in_scope for q in questions)
    n_out = len(questions) - n_in
    return Report(
        name=name,
        hit_at_1=hit1 / max(n_in, 1),
        hit_at_5=hit5 / max(n_in, 1),
        mrr_at_10=reciprocal / max(n_in, 1),
        in_scope=n_in,
        out_of_scope=n_out,
        unanswered_in_scope=unanswered_in / max(n_in, 1),
        answered_right=right / max(n_in, 1),
        answered_wrong=wrong / max(n_in, 1),
        no_answer_precision=refused_correctly / refused if refused else 1.0,
        no_answer_recall=refused_correctly / n_out if n_out else 1.0,
        misses=tuple(misses),
    )


def channel_configs(base: SearchConfig) -> dict[str, SearchConfig]:
    """Each channel alone (the dense one also on the clause texts alone, ``texts``), then all
    of them fused as configured."""
    configs = {
        name: SearchConfig(method=base.method, weights={name: 1.0}, question_blend=base.question_blend)
        for name, w in base.weights.items()
        if w > 0
    }
    if "dense" in configs and base.question_blend > 0:
        configs["texts"] = SearchConfig(method=base.method, weights={"dense": 1.0}, question_blend=0.0)
    configs["fused"] = base
    return configs

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.search.evaluation import QuestionFileError, evaluate, load_questions
from knowledge.search.searcher import Searcher

ROWS = [
    {"query": "临港两证合一", "expected": [{"document": "若干措施", "article": "（二）"}]},
    {"query": "免罚清单动态调整", "expected": [{"document": "若干措施", "article": "（一）"}]},
    {"query": "怎么办理护照", "expected": []},
]


def write(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def test_metrics(tmp_path: Path, searcher: Searcher) -> None:
    report = evaluate(searcher, load_questions(write(tmp_path, ROWS)))
    assert (report.in_scope, report.out_of_scope) == (2, 1)
    assert report.hit_at_1 == 0.5  # the second question's expected article is deliberately wrong
    assert report.no_answer_recall == 1.0
    assert report.misses and "免罚清单动态调整" in report.misses[0]


@pytest.mark.parametrize("bad", [{"query": "x"}, {"expected": []}, "not an object", {"query": "x", "expected": [{}]}])
def test_bad_lines_are_reported_with_their_number(tmp_path: Path, bad: object) -> None:
    with pytest.raises(QuestionFileError, match=r"q.jsonl:2"):
        load_questions(write(tmp_path, [ROWS[0], bad]))

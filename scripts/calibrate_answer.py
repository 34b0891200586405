"""Fit the answer-confidence model (knowledge/search/confidence.py) on the dev parts.

Every question of the dev parts is searched over the knowledge home (seed and statutes, built
with the default encoder): the statute questions of ``statutes_dev.jsonl`` and the
consultation and out-of-scope messages of ``dialogue_dev.jsonl``. A question whose best clause
is acceptable is a positive; one whose best clause is not, or that is out of scope, a negative.
Questions that search turns away before judging (another department's matter, beyond the
remit) take no part. A logistic regression over the standardised signals is fitted; its
threshold is the one that scores best on 5-fold cross-validated probabilities by the
project's measure, right answers − 1.5 × wrong answers − out-of-scope questions answered,
unless ``--threshold`` gives an operating point (e.g. the one in use); the CV utilities are
stored either way.
The test parts are never read.

    ECOASSIST_HOME=/tmp/eval-q .venv/bin/python scripts/calibrate_answer.py [--c 1.0] [--out FILE] [--threshold T]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from knowledge.search.confidence import DEFAULT_CONFIDENCE, SIGNALS, ConfidenceModel
from knowledge.search.evaluation import Expected, Question, load_questions, matches
from knowledge.search.searcher import open_searcher
from knowledge.settings import KnowledgeSettings

EVAL_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "eval"
THRESHOLDS = np.round(np.arange(0.30, 0.901, 0.025), 3)
WRONG_COST, OUTSIDE_COST = 1.5, 1.0


def dev_questions() -> list[Question]:
    questions = load_questions(EVAL_DIR / "statutes_dev.jsonl")
    for line in (EVAL_DIR / "dialogue_dev.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("category") in ("consultation", "out_of_scope"):
            clauses = row.get("expect", {}).get("clauses", [])
            expected = tuple(Expected(document=c["document"], article=c["article"]) for c in clauses)
            questions.append(Question(query=row["message"], expected=expected))
    return questions


def utility(answer: np.ndarray, right: np.ndarray, in_scope: np.ndarray) -> float:
    wrong = answer & in_scope & ~right
    outside = answer & ~in_scope
    return float((answer & right).sum() - WRONG_COST * wrong.sum() - OUTSIDE_COST * outside.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation of the regression")
    parser.add_argument("--out", type=Path, default=DEFAULT_CONFIDENCE)
    parser.add_argument(
        "--threshold", type=float, help="use this threshold (e.g. the one in use) instead of the best CV utility"
    )
    args = parser.parse_args()
    if args.threshold is not None and not 0 < args.threshold < 1:
        parser.error("--threshold must be between 0 and 1")
    searcher = open_searcher(KnowledgeSettings(answer_confidence="off"))
    clauses = len(searcher.contents()[1])
    features, right, in_scope = [], [], []
    for question in dev_questions():
        result, signals = searcher.judged(question.query)
        if signals is None or result.beyond_remit or result.elsewhere or result.best is None:
            continue
        features.append(signals.features())
        right.append(matches(result.best, question.expected))
        in_scope.append(question.in_scope)
    x, y, scope = np.array(features), np.array(right), np.array(in_scope)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / np.where(scale > 0, scale, 1.0)
    regression = LogisticRegression(C=args.c, max_iter=2000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    held_out = cross_val_predict(regression, z, y, cv=folds, method="predict_proba")[:, 1]
    scores = {float(t): utility(held_out >= t, y, scope) for t in THRESHOLDS}
    threshold = args.threshold if args.threshold is not None else max(scores, key=lambda t: (scores[t], -t))
    regression.fit(z, y)
    model = ConfidenceModel(
        names=SIGNALS,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) if v > 0 else 1.0 for v in scale),
        weights=tuple(float(v) for v in regression.coef_[0]),
        intercept=float(regression.intercept_[0]),
        threshold=threshold,
        min_clauses=clauses // 2,  # no upper bound: past 2,486 clauses nobody has measured it either way
    )
    args.out.write_text(
        model.to_json(
            on=str(date.today()),
            by="scripts/calibrate_answer.py",
            parts=["statutes_dev", "dialogue_dev (consultation, out_of_scope)"],
            clauses=clauses,
            questions=len(y),
            acceptable_first=int(y.sum()),
            regularisation_c=args.c,
            threshold_given=args.threshold is not None,
            cross_validated_utility={f"{t:.3f}": s for t, s in scores.items()},
        )
        + "\n",
        "utf-8",
    )
    now = utility(held_out >= threshold, y, scope)
    print(f"{len(y)} questions, threshold {threshold:.3f}, cross-validated utility {now:.1f} → {args.out}")
    print("weights:", {n: round(w, 2) for n, w in zip(SIGNALS, model.weights, strict=True)})


if __name__ == "__main__":
    main()

"""The evaluation sets stay blind: no evaluation message is training data.

The dialogue sets (``knowledge/data/eval/dialogue_*.jsonl``) and the statute question sets were
written without reading ``bot/data``; this keeps it that way in the other direction. No
message may appear — after folding case, width and punctuation — among the NLU examples, the
lookup tables, the catalogue's aliases and recognition phrases or the clauses' everyday
questions (``knowledge/data/questions``), nor nearly so (for messages
long enough for the comparison to mean something). An item's official name is not training
data: users may write it, and the catalogue must hold it.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from knowledge.documents.questions import QuestionBank
from knowledge.search.scope import OutsideQuestions
from knowledge.search.tokenizer import normalise
from knowledge.services.catalogue import load_catalogue
from tests.conftest import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT / "knowledge" / "data" / "eval"
NEAR = 0.8
NEAR_MIN_CHARS = 8
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def fold(text: str) -> str:
    """The text as search folds it (full-width, case), without punctuation or spaces."""
    return re.sub(r"[\W_]+", "", normalise(text))


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def evaluation_messages() -> list[str]:
    found = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found.append(row.get("message") or row.get("query"))
    return [m for m in found if m]


def training_texts() -> list[str]:
    texts = []
    for path in sorted((PROJECT_ROOT / "bot" / "data").glob("*.yml")):
        for block in yaml.safe_load(path.read_text("utf-8")).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip().removeprefix("- ")
                texts.append(ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line))
    for item in load_catalogue():
        phrases = item.recognise
        texts += [*item.aliases, *phrases.objects, *phrases.goals, *phrases.questions, *phrases.excludes]
    bank = QuestionBank.load()
    texts += [q for part in (bank.by_article, bank.words_only) for questions in part.values() for q in questions]
    texts += OutsideQuestions.load().texts
    return [t for t in texts if t]


def test_there_are_evaluation_messages_and_training_texts() -> None:
    assert len(evaluation_messages()) >= 300 + 343
    assert len(training_texts()) > 1000 + 5000


def test_no_evaluation_message_is_training_data() -> None:
    trained = {fold(t) for t in training_texts()}
    leaked = [m for m in evaluation_messages() if fold(m) in trained]
    assert leaked == []


def test_no_evaluation_message_nearly_repeats_training_data() -> None:
    trained = [(t, bigrams(fold(t))) for t in training_texts() if len(fold(t)) >= NEAR_MIN_CHARS]
    near = []
    for message in evaluation_messages():
        folded = fold(message)
        if len(folded) < NEAR_MIN_CHARS:
            continue
        grams = bigrams(folded)
        for text, other in trained:
            if len(grams & other) / len(grams | other) >= NEAR:
                near.append((message, text))
    assert near == []


@pytest.mark.parametrize("part", ["dev", "test"])
def test_dialogue_sets_name_real_items_and_categories(part: str) -> None:
    items = {
        yaml.safe_load(p.read_text("utf-8"))["id"] for p in (PROJECT_ROOT / "knowledge/data/services").glob("*.yml")
    }
    rows = [json.loads(line) for line in (EVAL_DIR / f"dialogue_{part}.jsonl").read_text("utf-8").splitlines() if line]
    categories = {r["category"] for r in rows}
    assert categories == {
        "service_item", "service_question", "consultation", "report", "complaint",
        "human", "practical", "chitchat", "out_of_scope",
    }  # fmt: skip
    assert {r["expect"]["item"] for r in rows if "item" in r["expect"]} <= items
    assert all(r["expect"]["clauses"] for r in rows if r["category"] == "consultation")

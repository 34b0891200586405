"""The scope check: questions that are not the bureau's, read, indexed, and told from its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.answering.consultation import Decision, decide
from knowledge.search.builder import build_index
from knowledge.search.config import AnswerPolicy
from knowledge.search.e5_offline import E5_OFFLINE
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.scope import (
    OutsideIndex,
    OutsideQuestions,
    OutsideQuestionsError,
    beyond_remit,
    nearest_mean,
)
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.search.tokenizer import Tokenizer
from knowledge.settings import KnowledgeSettings


def test_the_bundled_questions_cover_many_themes_and_none_repeats() -> None:
    questions = OutsideQuestions.load()
    assert len(questions.themes) >= 15 and len(questions) >= 1000
    assert all(len(qs) >= 20 for qs in questions.themes.values())
    assert questions.fingerprint != OutsideQuestions().fingerprint == "none"


def test_a_malformed_file_is_a_named_error_and_no_file_means_no_check(tmp_path: Path) -> None:
    bad = tmp_path / "outside.yml"
    bad.write_text("税务: 发票怎么开\n", "utf-8")
    with pytest.raises(OutsideQuestionsError, match="税务 needs a list"):
        OutsideQuestions.load(bad)
    bad.write_text("- 发票怎么开\n", "utf-8")
    with pytest.raises(OutsideQuestionsError, match="maps each theme"):
        OutsideQuestions.load(bad)
    assert len(OutsideQuestions.load(tmp_path / "absent.yml")) == 0
    bad.write_text("# every question removed\n", "utf-8")
    assert len(OutsideQuestions.load(bad)) == 0 and OutsideQuestions.load(bad).fingerprint == "none"


def test_without_outside_questions_any_encoder_builds_without_the_check(tmp_path: Path, tokenizer: Tokenizer) -> None:
    for model in ("kb-static", E5_OFFLINE):
        paths = KnowledgePaths(tmp_path / model)
        manifest = build_index(paths, tokenizer, embedding_model=model, outside=OutsideQuestions()).manifest
        assert "questions" in manifest.channels and "scope" not in manifest.channels


def test_editing_the_outside_questions_rebuilds(tmp_path: Path, tokenizer: Tokenizer) -> None:
    paths = KnowledgePaths(tmp_path)
    few = OutsideQuestions({"税务": ("增值税发票怎么开",)})
    first = build_index(paths, tokenizer, embedding_model="kb-static", outside=few).manifest
    assert not build_index(paths, tokenizer, embedding_model="kb-static", outside=few).built
    more = OutsideQuestions({"税务": ("增值税发票怎么开", "个税怎么汇算")})
    again = build_index(paths, tokenizer, embedding_model="kb-static", outside=more)
    assert again.built and again.manifest.content_hash != first.content_hash


def test_nearness_averages_the_nearest_and_the_index_round_trips(tmp_path: Path) -> None:
    vectors = np.eye(4, dtype=np.float32)
    index = OutsideIndex.build(vectors)
    query = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)
    assert index.nearness(query, k=1) == pytest.approx(0.8)
    assert index.nearness(query, k=2) == pytest.approx(0.7)
    index.save(tmp_path)
    loaded = OutsideIndex.load(tmp_path)
    assert loaded is not None and loaded.nearness(query, k=2) == pytest.approx(0.7)
    assert OutsideIndex.load(tmp_path / "none") is None
    assert nearest_mean(OutsideIndex.build(np.zeros((0, 4), dtype=np.float32)).index, query) == 0.0


def test_the_margin_decides_which_side_is_nearer() -> None:
    assert beyond_remit(0.95 - 0.90, margin=0.0)
    assert not beyond_remit(0.85 - 0.90, margin=0.0)
    assert beyond_remit(0.89 - 0.90, margin=-0.02) and not beyond_remit(0.89 - 0.90, margin=0.0)


def test_other_matters_get_no_answer_and_no_candidates(e5_home: Path, tokenizer: Tokenizer) -> None:
    searcher = open_searcher(KnowledgeSettings(_env_file=None, home=e5_home), tokenizer)
    for elsewhere in ("客户压着我们的货款不结，能去法院起诉吗", "辞职以后人事档案放在哪里"):
        result = searcher.search(elsewhere)
        assert result.beyond_remit and not result.answered and not result.on_topic
        assert result.candidates == () and decide(result) == Decision("no_answer", beyond_remit=True)
    own = searcher.search("临港的两证合一试点是什么意思？")
    assert own.answered and not own.beyond_remit


def test_the_check_is_off_without_a_margin_or_without_an_outside_index(
    e5_home: Path, tokenizer: Tokenizer, tmp_path: Path
) -> None:
    question = "辞职以后人事档案放在哪里"
    off = Searcher(KnowledgePaths(e5_home), tokenizer, AnswerPolicy(outside_margin=None))
    assert not off.search(question).beyond_remit
    home = tmp_path / "plain"
    build_index(KnowledgePaths(home), tokenizer, embedding_model=E5_OFFLINE, outside=OutsideQuestions())
    assert not Searcher(KnowledgePaths(home), tokenizer).search(question).beyond_remit

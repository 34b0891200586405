"""The bundled clause vectors: true to the engine, complete for the default knowledge, and read
by a first build instead of encoding; a pack that does not fit is never read."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from knowledge.documents.importer import DEFAULT_DOCUMENTS
from knowledge.search.builder import build_index
from knowledge.search.dense import encoder_fingerprint
from knowledge.search.e5_offline import E5_OFFLINE, PASSAGE_PREFIX, E5OfflineModel
from knowledge.search.embedding_cache import EmbeddingCache, text_key
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.scope import OutsideQuestions
from knowledge.search.tokenizer import Tokenizer
from knowledge.search.vector_pack import BUNDLED_PACK, VectorPack, VectorPackError, default_clause_texts
from tests.conftest import LAWS_DIR

REMAKE = "the bundled clause vectors are out of date: run `make vectors` and commit knowledge/data/vectors"


@pytest.fixture(scope="module")
def default_texts() -> list[str]:
    return default_clause_texts({"seed": DEFAULT_DOCUMENTS, "statutes": LAWS_DIR})


def test_the_bundled_pack_is_made_with_todays_engine_and_holds_every_default_clause(
    default_texts: list[str],
) -> None:
    pack = VectorPack.load(BUNDLED_PACK)
    assert pack.fingerprint == encoder_fingerprint(E5_OFFLINE), REMAKE
    assert len(default_texts) == 2486, REMAKE
    missing = [t for t in default_texts if text_key(t) not in pack.rows]
    assert not missing, f"{len(missing)} clauses: {REMAKE}"
    assert len(pack) == len(set(default_texts)), f"the pack holds clauses the defaults no longer have: {REMAKE}"


def test_the_bundled_vectors_are_the_engines_own(default_texts: list[str]) -> None:
    """A few clauses re-encoded here, including the longest (more than one 512-token window),
    give back their packed vectors, and not one another's.

    Not bit for bit: one machine gives the same vectors whatever the threads or the batch,
    but another, with the same wheel, gave about 1e-3 per component away (cosine 0.99998);
    the engine rounds its activations to int8, so a last-bit difference upstream moves a
    rounding step. The recorded-fixture test in test_e5_offline.py holds the engine to the
    same cosine.
    """
    pack = VectorPack.load(BUNDLED_PACK)
    sample = [default_texts[0], default_texts[len(default_texts) // 2], max(default_texts, key=len)]
    fresh = E5OfflineModel(threads=1).encode([PASSAGE_PREFIX + t for t in sample])
    packed = np.vstack(list(pack.lookup(pack.fingerprint, [text_key(t) for t in sample]).values()))
    assert packed.shape == (3, 384)
    cosines = fresh @ packed.T
    assert float(np.min(np.diag(cosines))) > 0.9999
    assert float(np.max(cosines[~np.eye(3, dtype=bool)])) < 0.99  # and not one another's


def test_a_first_build_reads_the_bundled_vectors_and_encodes_none_of_them(
    tmp_path: Path, tokenizer: Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="knowledge.search.embedding_cache"):
        manifest = build_index(
            KnowledgePaths(tmp_path), tokenizer, embedding_model=E5_OFFLINE, outside=OutsideQuestions()
        ).manifest
    assert f"clause vectors: 0 from the cache, {manifest.clause_count} bundled, 0 encoded" in caplog.text


class Counting:
    """An encoder that counts what it is asked to encode."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_the_cache_takes_what_the_pack_holds_keeps_it_and_encodes_the_rest(tmp_path: Path) -> None:
    pack_file = tmp_path / "clauses.npz"
    vectors = np.array([[1, 0], [0, 1], [1, 0]], dtype=np.float32)
    VectorPack.write(pack_file, fingerprint="m", texts=["甲", "乙", "甲"], vectors=vectors)
    pack = VectorPack.load(pack_file)
    assert len(pack) == 2
    cache = EmbeddingCache.open(tmp_path / "embeddings.db")
    encoder = Counting()
    vectors = cache.encode(encoder, "m", ["乙", "丙丙"], pack=pack)
    assert encoder.texts == ["丙丙"] and vectors.tolist() == [[0.0, 1.0], [2.0, 1.0]]
    assert cache.encode(encoder, "m", ["乙", "丙丙"]).tolist() == vectors.tolist()  # kept in the cache
    assert encoder.texts == ["丙丙"]
    other = Counting()
    cache.encode(other, "another model", ["乙"], pack=pack)  # made under another fingerprint: not read
    cache.encode(other, "m", ["甲"], pack=pack, refresh=True)  # a forced build encodes everything
    assert other.texts == ["乙", "甲"]
    cache.close()


@pytest.mark.parametrize("damage", ["not a pack", "truncated", "a byte flipped"])
def test_a_broken_pack_is_a_clear_error_and_the_bundled_one_falls_back_to_encoding(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data = BUNDLED_PACK.read_bytes()
    broken = tmp_path / "clauses.npz"
    if damage == "not a pack":
        broken.write_bytes(b"not a pack")
    elif damage == "truncated":  # as an interrupted copy leaves it
        broken.write_bytes(data[: len(data) // 2])
    else:
        middle = len(data) // 2
        broken.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    with pytest.raises(VectorPackError, match=r"clauses\.npz: cannot be read"):
        VectorPack.load(broken)
    monkeypatch.setattr("knowledge.search.vector_pack.BUNDLED_PACK", broken)
    with caplog.at_level(logging.WARNING, logger="knowledge.search.vector_pack"):
        assert len(VectorPack.bundled()) == 0
    assert "bundled clause vectors not used" in caplog.text
    monkeypatch.setattr("knowledge.search.vector_pack.BUNDLED_PACK", tmp_path / "absent.npz")
    assert len(VectorPack.bundled()) == 0


def test_writing_a_pack_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "clauses.npz"
    VectorPack.write(path, fingerprint="m", texts=["甲"], vectors=np.ones((1, 2), dtype=np.float32))
    VectorPack.write(path, fingerprint="m", texts=["乙"], vectors=np.zeros((1, 2), dtype=np.float32))
    assert list(VectorPack.load(path).rows) == [text_key("乙")]
    assert [p.name for p in tmp_path.iterdir()] == ["clauses.npz"]  # no partial file left behind

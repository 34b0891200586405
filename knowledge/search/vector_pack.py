"""Clause vectors that ship with the project, so a fresh install need not encode the statutes.

Encoding the default knowledge (the seed and the 39 statutes, about 2,500 clauses) with
``e5-small-offline`` takes about four minutes on two cores, most of a first build. A clause's
vector depends only on its text and the encoder: the engine runs each text on its own
(packed batches, attention within the text), so the vector is the same in any batch. Across
machines it is not bit for bit: another machine gave, from the same wheel, vectors at cosine
0.99998 (the engine rounds activations to int8, which turns a last-bit difference upstream into
about 1e-3 per component). The vectors of the default knowledge are therefore
computed once and shipped in ``knowledge/data/vectors/clauses.npz``: the SHA-256 of every
clause text (as :func:`knowledge.search.embedding_cache.text_key`), its float32 vector and the
encoder fingerprint they were made with.

The embedding cache reads from the pack what it does not hold yet. A pack made under another
fingerprint (another engine version, another passage prefix) is not read at all, and a clause
whose text changed is simply not in it and gets encoded: a stale pack costs time, never a wrong
vector. ``make vectors`` (``ecoassist kb pack-vectors``) writes it again from the default
knowledge; ``tests/knowledge/search/test_vector_pack.py`` checks it against the engine.

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "clauses.npz"
>>> VectorPack.write(path, fingerprint="m|v1", texts=["甲", "乙"], vectors=np.eye(2, dtype=np.float32))
>>> pack = VectorPack.load(path)
>>> len(pack), sorted(v.tolist() for v in pack.lookup("m|v1", [text_key("乙")]).values())
(2, [[0.0, 1.0]])
>>> pack.lookup("m|v2", [text_key("乙")])
{}
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from knowledge.documents.importer import import_defaults
from knowledge.documents.library import Library
from knowledge.documents.records import searchable_text
from knowledge.search.embedding_cache import DocumentEncoder, EmbeddingCache, text_key

logger = logging.getLogger(__name__)

BUNDLED_PACK = Path(__file__).parents[1] / "data" / "vectors" / "clauses.npz"


class VectorPackError(ValueError):
    """A vector pack file cannot be read or is inconsistent; the message says what is wrong."""


class VectorPack:
    """Vectors by text key, made under one encoder fingerprint."""

    def __init__(self, *, fingerprint: str, keys: Sequence[str], vectors: np.ndarray) -> None:
        if len(keys) != len(vectors):
            raise VectorPackError(f"{len(keys)} keys but {len(vectors)} vectors")
        self.fingerprint = fingerprint
        self.rows = {key: row for row, key in enumerate(keys)}
        self.vectors = np.asarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def empty(cls) -> VectorPack:
        """A pack that holds nothing (a build that must encode everything itself)."""
        return cls(fingerprint="", keys=[], vectors=np.zeros((0, 0), dtype=np.float32))

    @classmethod
    def load(cls, path: Path) -> VectorPack:
        """The pack at ``path``; raises :class:`VectorPackError` when it cannot be read."""
        try:
            with np.load(path, allow_pickle=False) as data:
                keys = [bytes(d).hex() for d in data["keys"]]
                return cls(fingerprint=str(data["fingerprint"]), keys=keys, vectors=data["vectors"])
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise VectorPackError(f"{path.name}: cannot be read ({type(exc).__name__}: {exc})") from exc

    @classmethod
    def bundled(cls) -> VectorPack:
        """The pack shipped with the project; an empty one, with a warning, when it is missing or broken
        (the build then encodes everything, as it would without it)."""
        if not BUNDLED_PACK.exists():
            return cls.empty()
        try:
            return cls.load(BUNDLED_PACK)
        except VectorPackError as exc:
            logger.warning("bundled clause vectors not used: %s", exc)
            return cls.empty()

    def lookup(self, fingerprint: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors this pack holds for ``keys``, if it was made under ``fingerprint``."""
        if fingerprint != self.fingerprint:
            return {}
        return {key: self.vectors[self.rows[key]] for key in keys if key in self.rows}

    @staticmethod
    def write(path: Path, *, fingerprint: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store ``vectors`` of ``texts`` under ``fingerprint`` (duplicate texts once, in text order).
        The file is replaced whole: an interrupted write leaves the old one."""
        if len(texts) != len(vectors):
            raise VectorPackError(f"{len(texts)} texts but {len(vectors)} vectors")
        first = {text_key(t): row for row, t in reversed(list(enumerate(texts)))}
        order = sorted(first.values())
        digests = np.array([np.frombuffer(bytes.fromhex(text_key(texts[r])), dtype=np.uint8) for r in order])
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("wb") as fh:
            np.savez_compressed(
                fh,
                fingerprint=np.array(fingerprint),
                keys=digests.reshape(len(order), 32),
                vectors=np.asarray(vectors, dtype=np.float32)[order],
            )
        os.replace(partial, path)


class BundledVectors:
    """The bundled pack as a source of vectors, read only when a build lacks some (a rebuild whose
    clause vectors are all in the cache does not open it)."""

    def lookup(self, fingerprint: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return VectorPack.bundled().lookup(fingerprint, keys) if keys else {}


def default_clause_texts(defaults: Mapping[str, Path]) -> list[str]:
    """What the clauses of the default knowledge read as for the dense channel (title, headings,
    text), from a library that holds only the default documents."""
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.open(Path(tmp) / "library.db")
        try:
            import_defaults(library, defaults)
            documents, clauses = library.effective()
            return [searchable_text(documents[c.doc_id], c) for c in clauses]
        finally:
            library.db.conn.close()


def pack_defaults(
    path: Path,
    defaults: Mapping[str, Path],
    *,
    encoder: DocumentEncoder,
    fingerprint: str,
    cache: EmbeddingCache,
    fresh: bool = False,
) -> int:
    """Write the pack of the default knowledge's clause vectors to ``path``; return how many it holds.
    Vectors in ``cache`` or in the bundled pack under ``fingerprint`` are taken from there (they
    are what the engine gives), the rest encoded; ``fresh`` encodes every one."""
    texts = default_clause_texts(defaults)
    vectors = cache.encode(encoder, fingerprint, texts, refresh=fresh, kind="default clause", pack=BundledVectors())
    VectorPack.write(path, fingerprint=fingerprint, texts=texts, vectors=vectors)
    return len(set(texts))

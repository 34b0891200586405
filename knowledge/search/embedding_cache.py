"""Clause vectors kept between builds, so a rebuild encodes only what changed.

Encoding the default knowledge base (seed and statutes, about 2,500 clauses) takes
minutes on two cores; a rebuild after one FAQ entry or one new document must not. Each
vector is stored under the encoder's fingerprint (name, passage prefix, engine version:
:func:`knowledge.search.dense.encoder_fingerprint`) and the SHA-256 of the clause text
(``knowledge/embeddings.db`` beside the library), so a changed clause, prefix, model or
engine version misses the cache. What the cache lacks may come from the vectors that ship with
the project (:mod:`knowledge.search.vector_pack`) before it is encoded. ``kb build --force``
re-encodes everything (``refresh``), e.g. after a local model folder was replaced under the
same path.

>>> import tempfile
>>> from pathlib import Path
>>> class Doubler:
...     calls = 0
...     def encode_documents(self, texts):
...         Doubler.calls += len(texts)
...         return np.array([[len(t), 2.0 * len(t)] for t in texts], dtype=np.float32)
>>> cache = EmbeddingCache.open(Path(tempfile.mkdtemp()) / "embeddings.db")
>>> cache.encode(Doubler(), "m", ["ab", "abc"]).tolist(), Doubler.calls
([[2.0, 4.0], [3.0, 6.0]], 2)
>>> cache.encode(Doubler(), "m", ["abc", "abcd"]).tolist(), Doubler.calls
([[3.0, 6.0], [4.0, 8.0]], 3)
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import sqlite_utils

from knowledge.documents.library import open_wal

logger = logging.getLogger(__name__)

TABLE = "vectors"


class DocumentEncoder(Protocol):
    def encode_documents(self, texts: Sequence[str]) -> np.ndarray: ...


class VectorSource(Protocol):
    """Vectors made elsewhere (:class:`knowledge.search.vector_pack.VectorPack`), by model and key."""

    def lookup(self, fingerprint: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors by (model, text hash) in one SQLite table."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        if TABLE not in db.table_names():
            db[TABLE].create({"model": str, "key": str, "vector": bytes}, pk=("model", "key"))  # type: ignore[union-attr]

    @classmethod
    def open(cls, path: Path) -> EmbeddingCache:
        return cls(open_wal(path))

    def close(self) -> None:
        self.db.conn.close()

    def _lookup(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"select key, vector from {TABLE} where model = ? and key in ({marks})", [model, *chunk]
            ).fetchall()
            found.update({key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows})
        return found

    def encode(
        self,
        encoder: DocumentEncoder,
        model: str,
        texts: Sequence[str],
        *,
        refresh: bool = False,
        kind: str = "clause",
        pack: VectorSource | None = None,
    ) -> np.ndarray:
        """Vectors for ``texts``: cached ones read back (unless ``refresh``), then those ``pack``
        holds (unless ``refresh``), the rest encoded; what was not cached is stored. ``kind``
        names what they are in the log (clause texts, questions)."""
        keys = [text_key(t) for t in texts]
        found = {} if refresh else self._lookup(model, list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        packed = pack.lookup(model, missing) if pack is not None and missing and not refresh else {}
        unknown = [k for k in missing if k not in packed]
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            found.update(packed)
            if unknown:
                encoded = np.asarray(encoder.encode_documents([text_of[k] for k in unknown]), dtype=np.float32)
                found.update(zip(unknown, encoded, strict=True))
            with self.db.atomic():  # one transaction for the whole batch
                self.db[TABLE].insert_all(  # type: ignore[union-attr]
                    ({"model": model, "key": k, "vector": found[k].tobytes()} for k in missing), replace=True
                )
        cached = len(texts) - len(missing)
        logger.info("%s vectors: %d from the cache, %d bundled, %d encoded", kind, cached, len(packed), len(unknown))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)

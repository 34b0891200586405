"""Optional cross-encoder rerank of the fused candidates (``ECOASSIST_RERANKER_MODEL``).

A cross-encoder reads the query and a clause together and scores the pair; it is
slower than the channels, so it reorders only the top ``depth`` fused candidates.
Like the encoder, it is loaded from local files only (e.g. a pre-downloaded
``BAAI/bge-reranker-base``) and an unloadable model is a clear error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from knowledge.search.dense import EmbeddingModelError

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder

logger = logging.getLogger(__name__)


@dataclass
class Reranker:
    model: CrossEncoder
    name: str
    depth: int = 20

    def order(self, query: str, texts: Sequence[str]) -> list[int]:
        """Positions of ``texts`` from most to least relevant to ``query``."""
        if not texts:
            return []
        scores = np.asarray(self.model.predict([(query, t) for t in texts], show_progress_bar=False))
        return [int(i) for i in np.argsort(-scores.reshape(len(texts)), kind="stable")]


def load_reranker(spec: str | Path, *, depth: int = 20) -> Reranker:
    from sentence_transformers import CrossEncoder

    try:
        model = CrossEncoder(str(spec), device="cpu", local_files_only=True)
    except (OSError, ValueError, RuntimeError) as exc:
        raise EmbeddingModelError(
            f"cannot load reranker model {spec!r} from local files ({type(exc).__name__}: {exc}); "
            "ecoassist never downloads a model at run time (see README, 'Embedding models')."
        ) from exc
    return Reranker(model=model, name=str(spec), depth=depth)

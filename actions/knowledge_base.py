"""The action server's knowledge base (loaded on first use, reloaded when its manifest changes),
service-item catalogue (read once) and what is built from both once per index build: the
catalogue's resolved references, the service recogniser (its phrases under the index's
encoder) and the links between items and clauses."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache

from knowledge.search.dense import EmbeddingModelError
from knowledge.search.e5_offline import E5_OFFLINE
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.services.catalogue import Catalogue, load_catalogue
from knowledge.services.recognition import Recogniser
from knowledge.services.references import ItemLinks, ReferenceIndex
from knowledge.settings import get_knowledge_settings


@lru_cache(maxsize=1)
def _searcher() -> Searcher:
    return open_searcher(get_knowledge_settings())


def get_searcher() -> Searcher:
    """The process-wide searcher over the live index (checked for a new build on each call)."""
    searcher = _searcher()
    searcher.reload_if_changed()
    return searcher


@dataclass(frozen=True)
class _PerBuild:
    references: ReferenceIndex
    recogniser: Recogniser
    links: ItemLinks


logger = logging.getLogger(__name__)
_built: dict[tuple[str, tuple[int, int] | None], _PerBuild] = {}
_lock = threading.Lock()


def _recogniser(catalogue: Catalogue, searcher: Searcher) -> Recogniser:
    """The recogniser over this build. Its semantic channel is calibrated for e5-small-offline
    only; with another encoder, or if encoding the phrases fails, it matches words alone."""
    encode = searcher.encode_queries if searcher.manifest.model == E5_OFFLINE and searcher.has_encoder else None
    try:
        return Recogniser(catalogue, searcher.tokenizer, encode, searcher.informativeness)
    except (EmbeddingModelError, RuntimeError) as exc:
        logger.warning("service recognition falls back to words alone: %s", type(exc).__name__)
        return Recogniser(catalogue, searcher.tokenizer, None, searcher.informativeness)


def _per_build() -> _PerBuild:
    searcher = get_searcher()
    build = searcher.build_key
    with _lock:
        if build not in _built:
            _built.clear()
            catalogue = get_catalogue()
            references = ReferenceIndex(*searcher.contents())
            links = ItemLinks.build(catalogue, references)
            _built[build] = _PerBuild(references, _recogniser(catalogue, searcher), links)
        return _built[build]


def get_references() -> ReferenceIndex:
    """The catalogue's references resolved against the live index."""
    return _per_build().references


def get_recogniser() -> Recogniser:
    """Which service item a message names (:mod:`knowledge.services.recognition`)."""
    return _per_build().recogniser


def get_links() -> ItemLinks:
    """Which item each clause rests on."""
    return _per_build().links


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The service-item catalogue, read once per action server."""
    return load_catalogue(get_knowledge_settings().services_dir)


def warm() -> None:
    """Load the index and build what derives from it (the recogniser encodes the catalogue's
    phrases: about 3 s) before the first message needs it. Failures are logged, not raised:
    the first message then tries again and reports the error where it belongs."""
    try:
        _per_build()
        logger.info("action server warmed up")
    except Exception as exc:
        logger.warning("warm-up failed (%s); the first message will retry", type(exc).__name__)

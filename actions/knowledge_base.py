"""The action server's knowledge base (loaded on first use, reloaded when its manifest changes)
and service-item catalogue (read once)."""

from __future__ import annotations

from functools import lru_cache

from knowledge.search.searcher import Searcher, open_searcher
from knowledge.services.catalogue import Catalogue, load_catalogue
from knowledge.services.references import ReferenceIndex
from knowledge.settings import get_knowledge_settings


@lru_cache(maxsize=1)
def _searcher() -> Searcher:
    return open_searcher(get_knowledge_settings())


def get_searcher() -> Searcher:
    """The process-wide searcher over the live index (checked for a new build on each call)."""
    searcher = _searcher()
    searcher.reload_if_changed()
    return searcher


_references: dict[str, ReferenceIndex] = {}


def get_references() -> ReferenceIndex:
    """The catalogue's references resolved against the live index, built once per index build."""
    searcher = get_searcher()
    build = searcher.manifest.index_dir
    if build not in _references:
        _references.clear()
        _references[build] = ReferenceIndex(*searcher.contents())
    return _references[build]


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The service-item catalogue, read once per action server."""
    return load_catalogue(get_knowledge_settings().services_dir)

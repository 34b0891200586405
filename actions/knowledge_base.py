"""The action server's knowledge base (loaded on first use, reloaded when its manifest changes)
and service-item catalogue (read once)."""

from __future__ import annotations

from functools import lru_cache

from knowledge.catalogue import Catalogue
from knowledge.search import Searcher
from knowledge.settings import get_settings


@lru_cache(maxsize=1)
def _searcher() -> Searcher:
    return get_settings().open_searcher()


def get_searcher() -> Searcher:
    """The process-wide searcher over the live index (checked for a new build on each call)."""
    searcher = _searcher()
    searcher.reload_if_changed()
    return searcher


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The service-item catalogue, read once per action server."""
    return get_settings().catalogue()

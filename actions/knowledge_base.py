"""The action server's knowledge base: loaded on first use, reloaded when its manifest changes."""

from __future__ import annotations

from functools import lru_cache

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

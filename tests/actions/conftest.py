"""A real knowledge base for action tests, fresh for each test (trackers: ``tests.actions.trackers``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions import knowledge_base
from api.settings import Settings
from knowledge.settings import get_knowledge_settings


@pytest.fixture(autouse=True)
def fresh_searcher(settings_env: Settings) -> Iterator[None]:
    knowledge_base._searcher.cache_clear()
    yield
    knowledge_base._searcher.cache_clear()
    get_knowledge_settings.cache_clear()

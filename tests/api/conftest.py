"""Fixtures of the gateway tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.settings import get_settings
from tests.api.wechat_server import FakeWeChat, fake_wechat


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty ``$ECOASSIST_HOME`` for the command line (the database and index go there)."""
    monkeypatch.setenv("ECOASSIST_HOME", str(tmp_path))
    monkeypatch.setenv(
        "ECOASSIST_IMPORT_STATUTES", "false"
    )  # the seed alone; tests/knowledge/test_rebuild.py covers them
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChat]:
    """The fake WeChat/WeCom API: a real HTTP server on 127.0.0.1."""
    with fake_wechat() as server:
        yield server

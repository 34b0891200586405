"""Fixtures for the reliability smoke: one real system with the harness's settings.

Every test here that uses the running system carries the ``integration`` marker, as in
``tests/integration``, so ``pytest -m "not integration"`` skips it; the harness modules'
doctests need no system and stay unmarked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.wechat_server import FakeWeChat, fake_wechat
from tests.integration.system import RunningSystem
from tests.reliability.environment import WECHAT_TOKEN, harness_system
from tests.reliability.wechat_users import WeChatLine

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents and "reliable_system" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="module")
def wechat_api() -> Iterator[FakeWeChat]:
    """The fake WeChat API the Official Account's answers go to (a real server on 127.0.0.1)."""
    with fake_wechat() as api:
        yield api


@pytest.fixture(scope="module")
def reliable_system(tmp_path_factory: pytest.TempPathFactory, wechat_api: FakeWeChat) -> Iterator[RunningSystem]:
    """Rasa, the action server and the gateway with raised rate limits and short event streams."""
    with harness_system(tmp_path_factory.mktemp("reliability"), wechat_api=wechat_api) as running:
        yield running


@pytest.fixture(scope="module")
def wechat_line(reliable_system: RunningSystem, wechat_api: FakeWeChat) -> WeChatLine:
    """What simulated WeChat users of the running system need."""
    return WeChatLine(WECHAT_TOKEN, wechat_api, reliable_system.database)

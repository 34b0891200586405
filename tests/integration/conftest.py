"""Fixtures for the integration suite: the real system (``system.py``) and Debian's Chromium.

Every test collected from this folder carries the ``integration`` marker, so
``pytest -m "not integration"`` skips the lot without each module saying so.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.api.wechat_server import FakeWeChat, fake_wechat
from tests.conftest import PROJECT_ROOT
from tests.integration.system import RunningSystem, running_system

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
WECHAT_TOKEN = "integration-wechat-token"
LIFTED_LIMITS = {
    "ECOASSIST_CHAT_RATE_ADDRESS": "100000/minute",
    "ECOASSIST_NEW_CONVERSATION_RATE_ADDRESS": "100000/hour",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def wechat_api() -> Iterator[FakeWeChat]:
    """The fake WeChat API the system's Official Account talks to (a real server on 127.0.0.1)."""
    with fake_wechat() as server:
        yield server


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, wechat_api: FakeWeChat) -> Iterator[RunningSystem]:
    """Rasa (trained if stale), the action server and the gateway, with a fresh ``$ECOASSIST_HOME``;
    the Official Account callback is on, pointed at the fake WeChat API."""
    subprocess.run(["make", "-s", "model"], cwd=PROJECT_ROOT, check=True)
    home, logs = tmp_path_factory.mktemp("system-home"), tmp_path_factory.mktemp("system-logs")
    wechat = {
        "ECOASSIST_WECHAT_TOKEN": WECHAT_TOKEN,
        "ECOASSIST_WECHAT_APP_ID": "wxINTEGRATION0001",
        "ECOASSIST_WECHAT_APP_SECRET": "integration-secret",
        "ECOASSIST_WECHAT_API_BASE": wechat_api.url,
    }
    # every test talks from 127.0.0.1 with fresh sessions: the per-address limits are the unit tests' concern
    with running_system(home, logs, extra_env={**LIFTED_LIMITS, **wechat}) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (installed by `make browser`; never downloaded).

    Module-scoped: Playwright's sync API keeps an event loop running in this thread
    while it is open, which would break later tests that call ``asyncio.run``.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

"""The console and the widget show the bureau's time (Asia/Shanghai) whatever zone the browser runs in.

No server: the pages and scripts are served from ``api/static`` under the paths the gateway
gives them (API calls fail, which leaves the console at its login form and the widget closed).
Only Chromium is needed, so this module runs on its own in seconds:
``.venv/bin/pytest -p no:cacheprovider tests/integration/test_shanghai_time.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route

from api.routes.pages import STATIC_DIR

ORIGIN = "http://ecoassist.test"
PAGES = {"/": "index.html", "/console": "console.html", "/widget.js": "widget.js"}
NOON_IN_SHANGHAI = "2026-11-30T04:12:00+00:00"  # 12:12 in Shanghai
PAST_MIDNIGHT_IN_SHANGHAI = "2026-11-29T16:30:05Z"  # 00:30:05 on 30 November in Shanghai


def serve_static(route: Route) -> None:
    path = "/" + route.request.url.removeprefix(ORIGIN).lstrip("/").split("?")[0]
    name = PAGES.get(path) or (path.removeprefix("/static/") if path.startswith("/static/") else None)
    if name is None or not (STATIC_DIR / name).is_file():
        route.fulfill(status=503, json={"detail": "no gateway in this test"})
    else:
        route.fulfill(path=STATIC_DIR / name)


@pytest.fixture(params=["UTC", "America/New_York"])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a browser whose own zone is not Shanghai's."""
    context = browser.new_context(locale="zh-CN", timezone_id=request.param)
    context.route(f"{ORIGIN}/**", serve_static)
    page = context.new_page()
    yield page
    context.close()


def browser_hour(page: Page, iso: str) -> int:
    hour: int = page.evaluate("iso => new Date(iso).getHours()", iso)
    return hour


def test_the_console_shows_shanghai_date_and_time(page: Page) -> None:
    page.goto(f"{ORIGIN}/console")
    assert browser_hour(page, NOON_IN_SHANGHAI) != 12, "the browser must run in another zone for this test to tell"
    shown = page.evaluate("iso => window.ecoassistConsole.time(iso)", NOON_IN_SHANGHAI)
    assert shown == "2026/11/30 12:12:00"
    shown = page.evaluate("iso => window.ecoassistConsole.time(iso)", PAST_MIDNIGHT_IN_SHANGHAI)
    assert shown == "2026/11/30 00:30:05"


def test_the_widget_shows_shanghai_time(page: Page) -> None:
    page.goto(f"{ORIGIN}/")
    assert browser_hour(page, NOON_IN_SHANGHAI) != 12, "the browser must run in another zone for this test to tell"
    assert page.evaluate("iso => window.ecoassist.clock(iso)", NOON_IN_SHANGHAI) == "12:12"
    assert page.evaluate("iso => window.ecoassist.clock(iso)", PAST_MIDNIGHT_IN_SHANGHAI) == "00:30"

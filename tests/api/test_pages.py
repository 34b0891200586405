"""The demo portal page, the one-tag widget and its cache headers, and cross-origin embedding."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings, get_settings


@pytest.fixture
def client(settings_env: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings_env)) as client:
        yield client


def test_portal_page_embeds_the_widget_with_one_tag(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<script src="/widget.js" defer></script>' in page.text


@pytest.mark.parametrize(("path", "kind"), [("/widget.js", "javascript"), ("/static/widget.css", "css")])
def test_widget_files_are_cacheable_and_revalidated(client: TestClient, path: str, kind: str) -> None:
    first = client.get(path)
    assert first.status_code == 200
    assert kind in first.headers["content-type"]
    assert first.headers["cache-control"] == "public, max-age=300, must-revalidate"
    assert first.headers["etag"]


def test_static_files_answer_304_to_a_matching_etag(client: TestClient) -> None:
    etag = client.get("/static/widget.css").headers["etag"]
    again = client.get("/static/widget.css", headers={"If-None-Match": etag})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/widget.js", "/static/console.js"])
def test_scripts_never_insert_text_as_html(client: TestClient, path: str) -> None:
    source = client.get(path).text
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source and "document.write" not in source


def test_staff_console_page_is_served(client: TestClient) -> None:
    page = client.get("/console")
    assert page.status_code == 200 and "人工服务工作台" in page.text


def test_a_registered_portal_may_call_the_api_from_the_browser(
    settings_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOASSIST_WIDGET_ORIGINS", '["https://portal.example.gov.cn"]')
    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as client:
        allowed = client.options(
            "/api/chat",
            headers={"Origin": "https://portal.example.gov.cn", "Access-Control-Request-Method": "POST"},
        )
        other = client.options(
            "/api/chat", headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example.gov.cn"
    assert "access-control-allow-origin" not in other.headers

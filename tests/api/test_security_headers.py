"""Pages and API answers carry the security headers; the API docs are a setting."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


@pytest.mark.parametrize(("path", "frame"), [("/", "'self' https://portal.example.gov.cn"), ("/console", "'none'")])
def test_pages_forbid_inline_script_and_framing_by_strangers(settings_env: Settings, path: str, frame: str) -> None:
    settings = settings_env.model_copy(update={"frame_ancestors": ["https://portal.example.gov.cn"]})
    with TestClient(create_app(settings)) as client:
        response = client.get(path)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert policy.endswith(f"frame-ancestors {frame}")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_console_is_never_framed(settings_env: Settings) -> None:
    with TestClient(create_app(settings_env)) as client:
        assert client.get("/console").headers["x-frame-options"] == "DENY"
        assert client.get("/api/staff/me").headers["x-frame-options"] == "DENY"


def test_api_docs_are_off_in_production_unless_asked_for(settings_env: Settings) -> None:
    production = settings_env.model_copy(update={"env": "production"})
    with TestClient(create_app(production)) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 404
    with TestClient(create_app(production.model_copy(update={"api_docs": True}))) as client:
        assert client.get("/openapi.json").status_code == 200
    with TestClient(create_app(settings_env)) as client:  # development
        assert client.get("/openapi.json").status_code == 200


def test_a_refused_oversized_body_carries_the_headers_too(settings_env: Settings) -> None:
    with TestClient(create_app(settings_env.model_copy(update={"max_body_bytes": 100}))) as client:
        response = client.post("/api/chat", content=b"x" * 200, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in response.headers

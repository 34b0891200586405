from __future__ import annotations

from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from api.main import create_app
from api.rasa_client import RasaClient
from api.settings import Settings


def test_health_names_the_parts_that_are_down(settings_env: Settings) -> None:
    with TestClient(create_app(settings_env)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    parts = response.json()["parts"]
    assert {name: part["ok"] for name, part in parts.items()} == {
        "rasa": False,
        "actions": False,
        "knowledge": True,
        "database": True,
    }
    assert "18 clauses" in parts["knowledge"]["detail"]


def test_health_reports_a_missing_index(settings_env: Settings, tmp_path: Path) -> None:
    settings = settings_env.model_copy(update={"home": tmp_path / "empty-home"})
    with TestClient(create_app(settings)) as client:
        knowledge = client.get("/health").json()["parts"]["knowledge"]
    assert knowledge["ok"] is False
    assert "ecoassist kb build" in knowledge["detail"]


def test_health_never_shows_the_token_a_url_or_a_path(settings_env: Settings, tmp_path: Path) -> None:
    """Anonymous callers read /health: Rasa's errors used to carry its URL with ``?token=``."""
    settings = settings_env.model_copy(update={"home": tmp_path / "empty-home"})
    with TestClient(create_app(settings)) as client:
        body = client.get("/health").text
    for secret in (settings.rasa_token.get_secret_value(), "token=", "http://", "127.0.0.1", str(tmp_path)):
        assert secret not in body


def test_an_error_answer_from_rasa_names_its_status_not_its_url(settings_env: Settings) -> None:
    """The error httpx raises for a 500 quotes the request URL, which carried ?token=."""
    app = create_app(settings_env)
    with TestClient(app) as client:
        http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(500)))
        token = settings_env.rasa_token.get_secret_value()
        app.state.services.rasa = RasaClient(base_url="http://rasa:5005", token=token, timeout=1.0, http=http)
        rasa = client.get("/health").json()["parts"]["rasa"]
    assert rasa == {"ok": False, "detail": "Rasa unavailable: HTTP 500"}

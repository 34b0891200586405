"""One error shape: ApiError, bad input and unknown routes all answer ``{"detail": <Chinese>, "errors": [...]}``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import ApiError, error_responses, install_error_handlers
from api.main import create_app
from api.schemas import ChatRequest, ErrorResponse
from api.settings import Settings
from knowledge.texts import text
from tests.conftest import PROJECT_ROOT


@pytest.fixture
def client() -> TestClient:
    """A bare app with the gateway's handlers: no lifespan, no services."""
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/refused")
    async def refused() -> None:
        raise ApiError(409, "no_open_handoff")

    @app.get("/busy")
    async def busy() -> None:
        raise ApiError(503, "storage_unavailable", headers={"Retry-After": "30"})

    @app.post("/echo")
    async def echo(body: ChatRequest) -> ChatRequest:
        return body

    return TestClient(app)


def test_api_error_renders_its_chinese_text_with_its_status(client: TestClient) -> None:
    response = client.get("/refused")
    assert (response.status_code, response.json()) == (409, {"detail": text("no_open_handoff"), "errors": []})


def test_api_error_headers_go_out_with_the_response(client: TestClient) -> None:
    response = client.get("/busy")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "30")
    assert response.json()["detail"] == text("storage_unavailable")


def test_an_unknown_text_key_fails_where_it_is_raised() -> None:
    with pytest.raises(KeyError):
        ApiError(400, "no_such_text")


def test_an_unknown_route_is_still_the_chinese_404(client: TestClient) -> None:
    response = client.get("/nope")
    assert (response.status_code, response.json()) == (404, {"detail": text("not_found"), "errors": []})


def test_validation_errors_keep_their_shape(client: TestClient) -> None:
    response = client.post("/echo", json={"session_id": "bad id!", "text": "你好"})
    message = text("invalid_session_id")
    assert (response.status_code, response.json()) == (
        422,
        {"detail": message, "errors": [{"field": "session_id", "message": message}]},
    )
    broken = client.post("/echo", content=b"{not json", headers={"Content-Type": "application/json"})
    assert (broken.status_code, broken.json()["detail"]) == (422, text("invalid_json"))


def test_error_responses_document_the_error_shape(tmp_path: Path) -> None:
    documented = {"model": ErrorResponse}
    assert error_responses(401, 404) == {401: documented, 404: documented, 422: documented}
    app = create_app(Settings(_env_file=None, home=tmp_path))
    faq = app.openapi()["paths"]["/api/staff/faq"]["post"]["responses"]
    assert {status: faq[status]["content"]["application/json"]["schema"] for status in ("409", "422")} == {
        "409": {"$ref": "#/components/schemas/ErrorResponse"},
        "422": {"$ref": "#/components/schemas/ErrorResponse"},
    }


def raised_text_keys() -> set[str]:
    """The text keys of every ``ApiError(status, "key")`` in the gateway's code."""
    keys: set[str] = set()
    for path in (PROJECT_ROOT / "api").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ApiError":
                key = node.args[1] if len(node.args) > 1 else None
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    keys.add(key.value)
    return keys


def test_every_raised_error_has_its_text() -> None:
    keys = raised_text_keys()
    assert {"conversation_not_found", "staff_login_required", "faq_catalogue_mismatch"} <= keys
    missing = set()
    for key in keys:
        try:
            text(key)
        except KeyError:
            missing.add(key)
    assert missing == set()

"""A body over the limit is refused before it is read, declared or chunked."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.database import open_database
from knowledge.texts import text


def test_a_declared_oversized_body_is_413_and_nothing_is_stored(settings_env: Settings) -> None:
    settings = settings_env.model_copy(update={"max_body_bytes": 4096})
    with TestClient(create_app(settings)) as client:
        body = '{"session_id": "big", "text": "' + "问" * 5000 + '"}'
        response = client.post("/api/chat", content=body.encode(), headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["detail"]) == (413, text("request_too_large"))
    assert open_database(settings.database_path)["messages"].count == 0


def test_a_chunked_body_is_cut_off_at_the_limit(settings_env: Settings) -> None:
    settings = settings_env.model_copy(update={"max_body_bytes": 4096})

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(1000):
            yield b"x" * 1024

    with TestClient(create_app(settings)) as client:
        response = client.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["detail"]) == (413, text("request_too_large"))

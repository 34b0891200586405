"""Limits on the public chat and on staff logins: 429, ``Retry-After`` and a Chinese detail."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.database import open_database
from api.store.staff import add_staff
from knowledge.texts import text


@pytest.fixture
def strict(settings_env: Settings) -> Iterator[TestClient]:
    settings = settings_env.model_copy(
        update={
            "chat_rate_session": "3/minute",
            "chat_rate_address": "5/minute",
            "new_conversation_rate_address": "4/hour",
            "login_rate_address": "20/minute",
            "login_failures_name": "3/15minutes",
        }
    )
    add_staff(
        open_database(settings.database_path), name="wang", password="correct-horse-1", departments=[], role="agent"
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_one_session_sending_too_fast_gets_429_with_retry_after(strict: TestClient) -> None:
    statuses = [strict.post("/api/chat", json={"session_id": "s1", "text": "你好"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = strict.post("/api/chat", json={"session_id": "s1", "text": "你好"})
    assert refused.json()["detail"] == text("too_many_requests")
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_fresh_session_ids_do_not_open_unlimited_conversations(strict: TestClient) -> None:
    statuses = [strict.post("/api/chat", json={"session_id": f"n{i}", "text": "你好"}).status_code for i in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_an_account_is_locked_for_an_address_after_repeated_failures_there(strict: TestClient) -> None:
    for _ in range(3):
        assert strict.post("/api/staff/login", json={"name": "wang", "password": "wrong-pass-1"}).status_code == 401
    locked = strict.post("/api/staff/login", json={"name": "wang", "password": "correct-horse-1"})
    assert (locked.status_code, locked.json()["detail"]) == (429, text("staff_login_throttled"))
    assert int(locked.headers["Retry-After"]) > 0


def test_refused_logins_are_logged_with_address_and_account_digest_only(
    strict: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.routes.staff"):
        strict.post("/api/staff/login", json={"name": "wang", "password": "wrong-pass-1"})
    [refusal] = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert hashlib.sha256(b"wang").hexdigest()[:12] in refusal and "testclient" in refusal
    assert "wang" not in caplog.text and "wrong-pass-1" not in caplog.text

"""The live stream: messages after a cursor, each once, and the status."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings, get_settings
from api.store.conversations import add_message, get_or_create_conversation
from api.store.database import open_database
from knowledge.texts import text


@pytest.fixture
def client(settings_env: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("ECOASSIST_EVENTS_MAX_SECONDS", "0.3")
    monkeypatch.setenv("ECOASSIST_EVENTS_POLL_SECONDS", "0.1")
    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as client:
        yield client


def events(body: str) -> list[tuple[str, str, dict[str, object]]]:
    out = []
    for block in body.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            out.append((fields["event"], fields.get("id", ""), json.loads(fields["data"])))
    return out


@pytest.fixture
def three_messages(settings_env: Settings) -> list[int]:
    db = open_database(settings_env.database_path)
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    return [add_message(db, conversation_id=conv.id, sender="user", text=f"第{i}条").id for i in range(3)]


@pytest.mark.parametrize(
    ("query", "headers", "expected"),
    [("", {}, [0, 1, 2]), ("&after=FIRST", {}, [1, 2]), ("", {"Last-Event-ID": "SECOND"}, [2])],
)
def test_stream_sends_each_message_after_the_cursor_once(
    client: TestClient, three_messages: list[int], query: str, headers: dict[str, str], expected: list[int]
) -> None:
    first, second, _ = three_messages
    query = query.replace("FIRST", str(first))
    headers = {k: v.replace("SECOND", str(second)) for k, v in headers.items()}
    response = client.get(f"/api/chat/events?session_id=s{query}", headers=headers)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text.startswith("retry: ")
    got = events(response.text)
    messages = [e for e in got if e[0] == "message"]
    assert [m[2]["text"] for m in messages] == [f"第{i}条" for i in expected]
    assert [m[1] for m in messages] == [str(three_messages[i]) for i in expected]
    assert [e[2]["state"] for e in got if e[0] == "status"] == ["bot"]


def test_stream_of_an_unknown_session_is_only_status(client: TestClient) -> None:
    got = events(client.get("/api/chat/events?session_id=nobody").text)
    assert [e[0] for e in got] == ["status"]


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"session_id": "s", "after": str(2**63)}, {}),
        ({"session_id": "s"}, {"Last-Event-ID": "²".encode()}),
        ({"session_id": "s"}, {"Last-Event-ID": "99999999999999999999999"}),
    ],
)
def test_impossible_cursors_are_refused_or_ignored_never_500(
    client: TestClient, params: dict[str, str], headers: dict[str, str | bytes]
) -> None:
    response = client.get("/api/chat/events", params=params, headers=headers)
    assert response.status_code in (200, 422)


def test_history_refuses_a_cursor_beyond_sqlites_integers(client: TestClient) -> None:
    response = client.get("/api/chat/history", params={"session_id": "s", "after": str(2**63)})
    assert response.status_code == 422


def test_a_session_past_its_stream_limit_gets_429(settings_env: Settings) -> None:
    app = create_app(settings_env.model_copy(update={"events_max_per_session": 2, "events_max_seconds": 0.2}))
    with TestClient(app) as client:
        slots = app.state.services.streams
        assert slots.open("busy") and slots.open("busy")  # two streams already open
        refused = client.get("/api/chat/events", params={"session_id": "busy"})
        assert (refused.status_code, refused.json()["detail"]) == (429, text("too_many_streams"))
        assert client.get("/api/chat/events", params={"session_id": "other"}).status_code == 200
        slots.close("busy")
        assert client.get("/api/chat/events", params={"session_id": "busy"}).status_code == 200

"""The database thread: a database that cannot write is a 503 the client retries, never a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.database import open_database
from knowledge.texts import text


def test_a_read_only_database_is_503_and_the_retry_is_answered_once(settings_env: Settings) -> None:
    app = create_app(settings_env)
    send = {"session_id": "s-ro", "text": "两证合一是什么", "client_id": "m1"}
    with TestClient(app) as client:
        conn = app.state.services.store.db.conn
        conn.execute("pragma query_only = on")  # every write now fails, as on a read-only or full disk
        refused = client.post("/api/chat", json=send)
        assert (refused.status_code, refused.json()["detail"]) == (503, text("storage_unavailable"))
        assert int(refused.headers["Retry-After"]) > 0
        assert client.get("/api/chat/history", params={"session_id": "s-ro"}).status_code == 200  # reads go on
        conn.execute("pragma query_only = off")
        retried = client.post("/api/chat", json=send)
        again = client.post("/api/chat", json=send)
    assert retried.status_code == 200 and retried.json()["messages"]  # answered (here: the bot is down)
    assert again.json()["duplicate"] is True and again.json()["messages"] == retried.json()["messages"]
    rows = list(open_database(settings_env.database_path)["messages"].rows)
    assert [r["sender"] for r in rows] == ["user", "system"]

"""The widget's own calls: the reason behind a 没用, the hand-off rating and going back to the bot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.conversations import add_message, get_or_create_conversation
from api.store.database import open_database
from api.store.escalations import claim_escalation, open_escalation, resolve_escalation
from api.store.feedback import list_feedback, record_feedback


@pytest.fixture
def client(settings_env: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings_env)) as client:
        yield client


def handed_off(settings: Settings, *, resolved: bool) -> int:
    db = open_database(settings.database_path)
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    esc = open_escalation(db, conversation_id=conv.id, reason="request", topic="", departments=[], summary="")
    if resolved:
        claim_escalation(db, escalation_id=esc.id, staff_name="王芳")
        resolve_escalation(db, escalation_id=esc.id)
    return esc.id


def test_reason_is_added_to_the_feedback_on_that_answer(client: TestClient, settings_env: Settings) -> None:
    db = open_database(settings_env.database_path)
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    answer = add_message(db, conversation_id=conv.id, sender="bot", text="答复")
    record_feedback(db, conversation_id=conv.id, message_id=answer.id, value="useless", clause_id=None, query="q")
    response = client.post(
        "/api/chat/feedback", json={"session_id": "s", "message_id": answer.id, "reason": "答非所问"}
    )
    assert response.status_code == 200
    assert [f["reason"] for f in list_feedback(db)] == ["答非所问"]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"session_id": "nobody", "message_id": 1, "reason": "x"}, 404, "没有找到这个会话，请刷新页面后重试。"),
        ({"session_id": "s", "message_id": 0, "reason": "x"}, 422, "消息编号无效。"),
        ({"session_id": "s", "message_id": 1, "reason": "长" * 501}, 422, "说明过长，请控制在 500 字以内。"),
    ],
)
def test_bad_feedback_reasons_are_refused_in_chinese(
    client: TestClient, body: dict[str, object], status: int, detail: str
) -> None:
    response = client.post("/api/chat/feedback", json=body)
    assert (response.status_code, response.json()["detail"]) == (status, detail)


def test_reason_without_feedback_is_a_404(client: TestClient, settings_env: Settings) -> None:
    handed_off(settings_env, resolved=False)
    response = client.post("/api/chat/feedback", json={"session_id": "s", "message_id": 99, "reason": "x"})
    assert response.status_code == 404 and "没有找到您要补充说明的答复" in response.json()["detail"]


def test_rating_a_resolved_handoff_once(client: TestClient, settings_env: Settings) -> None:
    handed_off(settings_env, resolved=True)
    first = client.post("/api/chat/rating", json={"session_id": "s", "rating": 5})
    assert first.status_code == 200 and first.json()["status"]["awaiting_rating"] is False
    again = client.post("/api/chat/rating", json={"session_id": "s", "rating": 1})
    assert (again.status_code, again.json()["detail"]) == (409, "当前没有需要评分的人工服务。")


@pytest.mark.parametrize("rating", [0, 6, "五"])
def test_ratings_outside_one_to_five_are_a_422(client: TestClient, settings_env: Settings, rating: object) -> None:
    handed_off(settings_env, resolved=True)
    response = client.post("/api/chat/rating", json={"session_id": "s", "rating": rating})
    assert (response.status_code, response.json()["detail"]) == (422, "评分应为 1 到 5 分。")


def test_back_to_bot_only_from_the_queue(client: TestClient, settings_env: Settings) -> None:
    handed_off(settings_env, resolved=False)
    left = client.post("/api/chat/back-to-bot", json={"session_id": "s"})
    assert left.status_code == 200 and left.json()["status"]["state"] == "bot"
    again = client.post("/api/chat/back-to-bot", json={"session_id": "s"})
    assert (again.status_code, again.json()["detail"]) == (409, "当前没有正在进行的人工服务。")

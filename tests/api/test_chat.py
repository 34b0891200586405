"""The chat route's contract without Rasa running: validation and the Rasa-down path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.conversations import list_messages
from api.store.database import open_database


@pytest.fixture
def client(settings_env: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings_env)) as client:
        yield client


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"session_id": "s1", "text": "   "}, "text", "消息不能为空，请输入您要咨询的问题。"),
        ({"session_id": "s1", "text": "问" * 1001}, "text", "消息过长，请控制在 1000 字以内，或分几次发送。"),
        (
            {"session_id": "bad id!", "text": "你好"},
            "session_id",
            "会话标识无效：应为 1 到 128 个字母、数字、下划线或连字符。",
        ),
        ({"text": "你好"}, "session_id", "会话标识无效：应为 1 到 128 个字母、数字、下划线或连字符。"),
        ({"session_id": "s1", "text": 3}, "text", "消息不能为空，请输入您要咨询的问题。"),
    ],
)
def test_bad_input_gets_a_chinese_422(client: TestClient, body: dict[str, object], field: str, message: str) -> None:
    response = client.post("/api/chat", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == message
    assert response.json()["errors"][0]["field"] == field


def test_malformed_json_gets_a_chinese_422(client: TestClient) -> None:
    response = client.post("/api/chat", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"] == "请求内容不是有效的 JSON。"


def test_rasa_down_keeps_the_message_and_says_so(client: TestClient, settings_env: Settings) -> None:
    response = client.post("/api/chat", json={"session_id": "s-down", "text": "两证合一是什么"})
    assert response.status_code == 200
    [busy] = response.json()["messages"]
    assert "您的消息已保存" in busy["text"] and busy["buttons"][0]["payload"] == "/leave_message"
    db = open_database(settings_env.database_path)
    [conv] = list(db["conversations"].rows)
    assert [m.text for m in list_messages(db, conversation_id=conv["id"])] == ["两证合一是什么", busy["text"]]


def test_unknown_path_is_a_chinese_404(client: TestClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json()["detail"] == "您访问的页面不存在。"


def test_history_of_a_new_session_is_empty_and_served_by_the_bot(client: TestClient) -> None:
    body = client.get("/api/chat/history", params={"session_id": "never-seen"}).json()
    assert body == {
        "conversation_id": None,
        "status": {"state": "bot", "staff_name": "", "escalation_id": None, "awaiting_rating": False},
        "messages": [],
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"session_id": "bad id"}, "会话标识无效：应为 1 到 128 个字母、数字、下划线或连字符。"),
        ({}, "会话标识无效：应为 1 到 128 个字母、数字、下划线或连字符。"),
        ({"session_id": "s", "after": "-1"}, "请求格式不正确，请检查后重试。"),
    ],
)
def test_bad_history_queries_get_a_chinese_422(client: TestClient, params: dict[str, str], message: str) -> None:
    response = client.get("/api/chat/history", params=params)
    assert response.status_code == 422
    assert response.json()["detail"] == message


def test_a_bad_client_id_is_refused(client: TestClient) -> None:
    response = client.post("/api/chat", json={"session_id": "s", "text": "你好", "client_id": "<x>"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "client_id"

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import schemas
from api.main import create_app
from api.rasa_client import RasaClient, messages_from_rasa
from api.settings import Settings
from knowledge.payloads import BotPayload, Citation, Handoff

CITE = {"document": "D", "doc_no": "N", "article": "（二）", "departments": ["环评处"], "score": 1.0}
HANDOFF = {"reason": "request", "topic": "两证合一", "departments": []}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], []),
        ([{"recipient_id": "c", "text": "你好"}], [("你好", 0, 0, {})]),
        ([{"text": "答", "buttons": [{"title": "转人工", "payload": "/request_human"}]}], [("答", 1, 0, {})]),
        ([{"text": "答"}, {"custom": {"citations": [CITE]}}], [("答", 0, 1, {})]),
        ([{"text": "答"}, {"custom": {"handoff": HANDOFF}}], [("答", 0, 0, {"handoff": HANDOFF})]),
        ([{"custom": {"citations": [CITE]}}], [("", 0, 1, {})]),
        (
            [{"text": "一"}, {"text": "二"}, {"custom": {"citations": [CITE]}}],
            [("一", 0, 0, {}), ("二", 0, 1, {})],
        ),
        (  # two payloads after one text: citations add up, the other fields join them
            [{"text": "答"}, {"custom": {"citations": [CITE]}}, {"custom": {"citations": [CITE], "handoff": HANDOFF}}],
            [("答", 0, 2, {"handoff": HANDOFF})],
        ),
    ],
)
def test_messages_from_rasa(raw: list[dict[str, Any]], expected: list[tuple[str, int, int, dict[str, Any]]]) -> None:
    got = [(m.text, len(m.buttons), len(m.payload.citations), uncited(m.payload)) for m in messages_from_rasa(raw)]
    assert got == expected


def uncited(payload: BotPayload) -> dict[str, Any]:
    """The payload's fields other than citations, as JSON."""
    return payload.model_copy(update={"citations": []}).json_message()


def test_payloads_arrive_typed() -> None:
    [message] = messages_from_rasa([{"text": "答"}, {"custom": {"citations": [CITE], "handoff": HANDOFF}}])
    assert message.payload == BotPayload(citations=[Citation(**CITE)], handoff=Handoff(**HANDOFF))


@pytest.mark.parametrize(
    ("custom", "named", "kept"),
    [
        ({"citations": [CITE, "junk"]}, "citations.1", BotPayload(citations=[Citation(**CITE)])),
        ({"citations": [{"document": "D"}]}, "citations.0.article", BotPayload()),
        (
            {"feedback": {"value": "meh"}, "citations": [CITE]},
            "feedback.value",
            BotPayload(citations=[Citation(**CITE)]),
        ),
        ({"service_records": "all"}, "service_records", BotPayload()),
        ({"surprise": True, "service_records": "list"}, "surprise", BotPayload(service_records="list")),
    ],
)
def test_only_the_malformed_part_of_a_payload_is_left_out_and_logged(
    custom: dict[str, Any], named: str, kept: BotPayload, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="api.rasa_client"):
        messages = messages_from_rasa([{"text": "答"}, {"custom": custom}], sender_id="c1")
    assert [(m.text, m.payload) for m in messages] == [("答", kept)]
    [record] = caplog.records
    assert record.levelno == logging.WARNING and "c1" in record.getMessage() and named in record.getMessage()
    assert "meh" not in caplog.text and "junk" not in caplog.text


def test_an_invalid_hand_off_still_hands_over_as_a_request(caplog: pytest.LogCaptureFixture) -> None:
    """The action has paused the conversation already; dropping the hand-off would strand the user."""
    with caplog.at_level(logging.WARNING, logger="api.rasa_client"):
        [message] = messages_from_rasa([{"custom": {"handoff": {"reason": 1, "topic": ["两证合一"]}}}])
    assert message.payload == BotPayload(handoff=Handoff(reason="request"))
    assert "handoff.reason" in caplog.text and "两证合一" not in caplog.text


def test_a_payload_with_nothing_valid_and_no_text_adds_no_message() -> None:
    assert messages_from_rasa([{"custom": {"feedback": {"value": 1}}}]) == []


def test_the_api_shows_the_citation_the_actions_send() -> None:
    assert schemas.Citation is Citation


# What the widget and the staff console read: the message and citation keys, in this order.
MESSAGE_KEYS = ["id", "sender", "text", "buttons", "citations", "custom", "created_at", "client_id"]
CITATION_JSON = {
    "document": "关于持续创新生态环保举措精准服务经济高质量发展的若干措施",
    "doc_no": "沪环综〔2021〕224号",
    "article": "（二）",
    "departments": ["环评处", "各区生态环境局"],
    "score": 12.3,
    "text": "（二）开展排污许可和环评衔接试点。",
    "clause_id": "f7347583969f:（二）",
}


@pytest.fixture
def app_with_rasa(settings_env: Settings) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(settings_env)
    with TestClient(app) as client:
        yield app, client


def rasa_answering(raw: list[dict[str, Any]]) -> RasaClient:
    """A client whose Rasa server answers every message with ``raw``."""
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(200, json=raw)))
    return RasaClient(base_url="http://rasa", token="t", timeout=1.0, http=http)


def test_the_citation_json_of_api_chat_keeps_its_shape(app_with_rasa: tuple[FastAPI, TestClient]) -> None:
    app, client = app_with_rasa
    raw = [
        {"recipient_id": "c", "text": "答复", "buttons": [{"title": "有用", "payload": "/feedback_useful"}]},
        {"recipient_id": "c", "custom": {"citations": [CITATION_JSON]}},
    ]
    app.state.services.relay.bot = rasa_answering(raw)
    response = client.post("/api/chat", json={"session_id": "s-shape", "text": "两证合一是什么"})
    assert response.status_code == 200
    [message] = response.json()["messages"]
    assert list(message) == MESSAGE_KEYS
    assert list(message["citations"][0]) == list(CITATION_JSON)
    assert message["citations"] == [CITATION_JSON] and message["custom"] == {}
    assert message["buttons"] == [{"title": "有用", "payload": "/feedback_useful"}]
    history = client.get("/api/chat/history", params={"session_id": "s-shape"}).json()
    assert history["messages"][-1]["citations"] == [CITATION_JSON]


def test_api_chat_shows_a_hand_off_payload_as_it_was_sent(app_with_rasa: tuple[FastAPI, TestClient]) -> None:
    app, client = app_with_rasa
    app.state.services.relay.bot = rasa_answering(
        [{"text": "正在为您转接人工服务。"}, {"custom": {"handoff": HANDOFF}}]
    )
    messages = client.post("/api/chat", json={"session_id": "s-handoff", "text": "转人工"}).json()["messages"]
    assert messages[0]["custom"] == {"handoff": HANDOFF} and messages[0]["citations"] == []
    assert [m["sender"] for m in messages] == ["bot", "system"]


def test_api_chat_answers_despite_a_malformed_payload(app_with_rasa: tuple[FastAPI, TestClient]) -> None:
    app, client = app_with_rasa
    app.state.services.relay.bot = rasa_answering([{"text": "答复"}, {"custom": {"citations": "all of them"}}])
    response = client.post("/api/chat", json={"session_id": "s-bad", "text": "两证合一是什么"})
    assert response.status_code == 200
    assert [(m["text"], m["citations"], m["custom"]) for m in response.json()["messages"]] == [("答复", [], {})]

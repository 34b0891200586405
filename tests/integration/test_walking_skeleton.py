"""One thin real path: a question typed into the gateway is answered by Rasa with a cited clause."""

from __future__ import annotations

from pathlib import Path

import httpx

from api.store.conversations import list_messages
from api.store.database import open_database
from tests.conftest import SEED_DOC_NO, SEED_TITLE
from tests.integration.chat_client import chat
from tests.integration.system import RunningSystem


def test_all_parts_are_healthy(system: RunningSystem) -> None:
    body = httpx.get(f"{system.gateway_url}/health", timeout=10).json()
    assert body["status"] == "ok"
    assert set(body["parts"]) == {"rasa", "actions", "knowledge", "database"}


def test_policy_question_is_answered_with_a_cited_measure(system: RunningSystem) -> None:
    response = chat(system, "it-lingang", "临港的两证合一试点是什么意思？")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "bot"
    cited = [c for m in body["messages"] for c in m["citations"]]
    assert {"document": SEED_TITLE, "doc_no": SEED_DOC_NO, "article": "（二）"}.items() <= cited[0].items()
    assert cited[0]["departments"] == ["环评处", "各区生态环境局"]
    answer = next(m for m in body["messages"] if m["citations"])
    assert "两证合一" in answer["text"]
    assert "沪环综〔2021〕224号" in answer["text"]


def test_every_message_is_stored(system: RunningSystem) -> None:
    body = chat(system, "it-stored", "免罚清单会动态调整吗").json()
    db = open_database(system.database)
    stored = list_messages(db, conversation_id=body["conversation_id"])
    assert [m.sender for m in stored] == ["user", *["bot"] * len(body["messages"])]
    assert stored[0].text == "免罚清单会动态调整吗"
    assert stored[1].citations[0].article == "（九）"


def test_greeting(system: RunningSystem) -> None:
    body = chat(system, "it-greet", "你好").json()
    assert "智能助手" in body["messages"][0]["text"]
    assert body["messages"][0]["citations"] == []


def test_out_of_scope_is_answered_honestly_and_offers_a_person(system: RunningSystem) -> None:
    body = chat(system, "it-oos", "公积金贷款额度是多少").json()
    [message] = body["messages"]
    assert message["citations"] == []
    assert "回答不了" in message["text"] and "住房公积金管理部门" in message["text"]  # who to ask instead
    assert [b["title"] for b in message["buttons"]] == ["转人工"]


def test_no_secret_on_a_command_line_or_in_health(system: RunningSystem) -> None:
    """The Rasa token used to be passed as --auth-token (readable by every local user in ps)."""
    assert system.parts is not None
    token = system.parts.env["ECOASSIST_RASA_TOKEN"]
    for name, proc in system.parts.procs.items():
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode(errors="replace")
        assert token not in cmdline, name
    assert token not in httpx.get(f"{system.gateway_url}/health", timeout=10).text

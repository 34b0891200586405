"""Every service item through the real system: Rasa, the action server and the gateway.

The scenarios are those of ``knowledge/data/eval/service_scenarios.yml``; each message is typed
as a user would type it (buttons send their titles, like the widget), so the NLU, the form,
the validation action and the gateway's record keeping all take part.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.store.database import open_database
from api.store.escalations import latest_escalation
from api.store.service_records import list_records
from knowledge.services.scenarios import Scenario, load_scenarios
from tests.integration.chat_client import chat
from tests.integration.system import RunningSystem

SCENARIOS = load_scenarios()
HEADLINE_PREFIX = "预审结果："


def talk(system: RunningSystem, session: str, text: str) -> list[dict[str, Any]]:
    response = chat(system, session, text)
    assert response.status_code == 200, response.text
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


def start(system: RunningSystem, session: str, scenario: Scenario) -> list[dict[str, Any]]:
    messages = talk(system, session, f"我要办{scenario.entity}")
    assert any(m["text"].startswith("好的，我们来做") for m in messages), [m["text"] for m in messages]
    return messages


def finish(system: RunningSystem, session: str, scenario: Scenario, turns: tuple[tuple[str, str], ...]) -> str:
    """Answer the remaining questions; return the outcome line."""
    messages: list[dict[str, Any]] = []
    for _, text in turns:
        messages = talk(system, session, text)
    outcome = next((m["text"] for m in messages if m["text"].startswith(HEADLINE_PREFIX)), None)
    assert outcome is not None, [m["text"] for m in messages]
    return outcome


def stored(system: RunningSystem, session: str) -> list[Any]:
    db = open_database(system.database)
    conversation_id = db.execute("select id from conversations where session_id = ?", [session]).fetchone()[0]
    return list_records(db, conversation_id=conversation_id)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_each_path_ends_with_its_outcome_and_a_numbered_record(system: RunningSystem, scenario: Scenario) -> None:
    session = f"it-svc-{scenario.id}"
    start(system, session, scenario)
    outcome = finish(system, session, scenario, scenario.turns)
    [record] = stored(system, session)
    assert record.item_id == scenario.item and record.outcome == scenario.outcome
    assert outcome.startswith(HEADLINE_PREFIX + record.headline)
    if scenario.outcome == "review":
        db = open_database(system.database)
        escalation = latest_escalation(db, conversation_id=record.conversation_id)
        assert escalation is not None and escalation.reason == "review" and escalation.status == "waiting"


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.path == "eligible"], ids=lambda s: s.item)
def test_invalid_answer_is_re_prompted_and_a_question_in_passing_resumes(
    system: RunningSystem, scenario: Scenario
) -> None:
    session = f"it-svc-{scenario.item}-detours"
    first_prompt = start(system, session, scenario)[-1]["text"]
    reprompt = talk(system, session, scenario.invalid)
    assert reprompt[-1]["text"] != first_prompt and reprompt[-1]["text"].startswith("请")
    talk(system, session, scenario.turns[0][1])
    detour = talk(system, session, scenario.question)
    texts = [m["text"] for m in detour]
    assert any(t.startswith("我们继续") for t in texts), texts
    outcome = finish(system, session, scenario, scenario.turns[1:])
    assert stored(system, session)[0].outcome == scenario.outcome and outcome.startswith(HEADLINE_PREFIX)


def test_stop_back_and_my_records(system: RunningSystem) -> None:
    session = "it-svc-controls"
    talk(system, session, "我要申请信用修复")
    talk(system, session, "有")
    back = talk(system, session, "上一步")
    assert back[-1]["text"] == "贵单位目前是否有环保方面的失信信息（例如行政处罚记录）？"
    stopped = talk(system, session, "不办了")
    assert "已退出「环保信用修复」的预审" in stopped[0]["text"]
    assert stored(system, session) == []
    assert "还没有预审单" in talk(system, session, "我的预审单")[-1]["text"]
    talk(system, session, "我要申请信用修复")
    talk(system, session, "没有")
    listing = talk(system, session, "我的预审单")[-1]["text"]
    [record] = stored(system, session)
    assert record.reference in listing and "环保信用修复：无需修复" in listing


def test_a_walk_through_without_an_item_offers_the_menu(system: RunningSystem) -> None:
    messages = talk(system, "it-svc-menu", "我要办事")
    assert len(messages[-1]["buttons"]) == 8
    chosen = talk(system, "it-svc-menu", messages[-1]["buttons"][5]["payload"])
    assert any("排污许可证申请与延续" in m["text"] for m in chosen)

"""Routing through the real system: an item named in everyday words, a typed yes to its offer,
a question about an item's facts, a report versus a complaint, and the working hours."""

from __future__ import annotations

from typing import Any

from tests.integration.chat_client import chat
from tests.integration.system import RunningSystem, wait_until


def talk(system: RunningSystem, session: str, text: str) -> dict[str, Any]:
    response = chat(system, session, text)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def texts(body: dict[str, Any]) -> list[str]:
    return [m["text"] for m in body["messages"] if m["sender"] != "user"]


def test_an_item_named_by_its_machine_is_offered_and_a_typed_yes_starts_it(system: RunningSystem) -> None:
    offered = talk(system, "it-route-offer", "我们工地新到了几台装载机")
    assert any("『非道路移动机械环保标志』" in t for t in texts(offered)), texts(offered)
    started = talk(system, "it-route-offer", "好的")
    assert any(t.startswith("好的，我们来做") and "非道路移动机械环保标志" in t for t in texts(started)), texts(started)
    question = started["messages"][-1]
    assert question["text"] == "这些非道路移动机械是否在上海市使用？"
    assert "/stop_service" in [b["payload"] for b in question["buttons"]]


def test_a_question_about_an_items_materials_is_answered_from_the_item(system: RunningSystem) -> None:
    body = talk(system, "it-route-facts", "排污证延续要准备哪些材料")
    facts = next(m for m in body["messages"] if m["text"].startswith("『排污许可证申请与延续』的申请材料"))
    assert "1. 排污许可证申请表" in facts["text"] and facts["citations"]
    assert texts(body)[-1].startswith("您是想办理『排污许可证申请与延续』吗")


def test_a_report_is_told_where_to_report_and_is_not_handed_over(system: RunningSystem) -> None:
    body = talk(system, "it-route-report", "我要反映隔壁那家厂半夜偷排污水")
    assert any("12369" in t for t in texts(body)), texts(body)
    assert not any("不好的体验" in t for t in texts(body))
    assert body["state"] == "bot"


def test_a_complaint_about_the_service_is_still_handed_over(system: RunningSystem) -> None:
    body = talk(system, "it-route-complaint", "你们这个助手老是答非所问，太耽误事了")
    assert any("不好的体验" in t for t in texts(body))
    assert body["state"] == "waiting"


def test_no_use_before_anything_was_answered_is_a_complaint_too(system: RunningSystem) -> None:
    body = talk(system, "it-route-no-use", "没用")
    assert any("不好的体验" in t for t in texts(body)), texts(body)
    assert body["state"] == "waiting"


def test_the_working_hours_come_from_the_calendar(system: RunningSystem) -> None:
    body = talk(system, "it-route-hours", "节假日有没有人值班回复")
    [notice] = [m for m in body["messages"] if m["sender"] == "system"]
    assert notice["text"].startswith("工作人员的工作时间为工作日 9:00–17:00")


def test_a_question_about_an_items_fee_phrased_as_doing_it_does_not_start_the_walk_through(
    system: RunningSystem,
) -> None:
    """「办…要交费吗」 reads as 办 to the NLU; the form answers with the fee and ends at once."""
    body = talk(system, "it-route-fee", "办非道路移动机械环保标志要交费吗")
    assert any(t.startswith("『非道路移动机械环保标志』的收费") for t in texts(body)), texts(body)
    assert not any(t.startswith("好的，我们来做") for t in texts(body))
    after = talk(system, "it-route-fee", "那叉车呢")  # the conversation goes on normally
    assert after["state"] == "bot" and texts(after)


def test_the_action_server_warms_up_right_after_start(system: RunningSystem) -> None:
    """The index and the recogniser's phrase vectors load before the first message needs them."""
    log = system.logs / "actions.log"
    wait_until(
        lambda: "action server warmed up" in log.read_text("utf-8", errors="replace"), timeout=120, on_poll=lambda: None
    )

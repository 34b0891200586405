"""The dialogue evaluation's judge, on replies built as the gateway returns them."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "bot" / "domain.yml").read_text("utf-8"))
EIA = "环境影响评价法"
NAMES = {"nonroad_machinery": "非道路移动机械环保标志", "pollutant_permit": "排污许可证申请与延续"}


@pytest.fixture(scope="module")
def ev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_dialogue", PROJECT_ROOT / "scripts" / "eval_dialogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_dialogue"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def reply(
    text: str, *, buttons: tuple[str, ...] = (), citations: tuple[tuple[str, str], ...] = (), sender: str = "bot"
) -> dict[str, Any]:
    return {
        "sender": sender,
        "text": text,
        "buttons": [{"title": p, "payload": p} for p in buttons],
        "citations": [{"document": d, "article": a} for d, a in citations],
    }


def observed(ev: ModuleType, *messages: dict[str, Any], state: str = "bot") -> Any:
    body = {"state": state, "messages": [reply("用户的话", sender="user"), *messages]}
    return ev.observe(body, ev.templates(DOMAIN))


def case(category: str, **expect: Any) -> dict[str, Any]:
    return {"id": "x", "category": category, "expect": expect}


def test_an_answer_is_known_by_its_template_and_judged_by_its_first_citation(ev: ModuleType) -> None:
    cited = (("噪声污染防治法", "第四十三条"),)
    seen = observed(ev, reply("夜间施工需取得证明。\n依据：《噪声污染防治法》第四十三条", citations=cited))
    assert seen.responses == ["utter_policy_answer_no_department"]
    right = case("consultation", clauses=[{"document": "噪声污染防治法", "article": "第四十三条"}])
    wrong = case("consultation", clauses=[{"document": "噪声污染防治法", "article": "第七十七条"}])
    assert ev.judge(right, seen, NAMES) and not ev.judge(wrong, seen, NAMES)


def test_an_items_facts_answer_a_consultation_by_the_basis_of_a_fact_they_show(ev: ModuleType) -> None:
    cited = ((EIA, "第二十二条"), (EIA, "第二十五条"))
    offer = "您是想办理『建设项目环评审批』吗？我可以带您做一次预审，几个问题之后生成预审单。"
    start = '/start_service{"service_item": "建设项目环评审批"}'
    shown = (
        f"『建设项目环评审批』的办理时限：\n办理时限：三十日内作出审批决定（依据：《{EIA}》第二十二条）"
        f"\n依据：《{EIA}》第二十二条；《{EIA}》第二十五条"
    )
    seen = observed(ev, reply(shown, citations=cited), reply(offer, buttons=(start, "/deny")))
    assert seen.responses == ["utter_service_facts", "utter_offer_service"]
    assert ev.judge(case("consultation", clauses=[{"document": EIA, "article": "第二十二条"}]), seen, NAMES)
    assert not ev.judge(case("consultation", clauses=[{"document": EIA, "article": "第二十五条"}]), seen, NAMES)
    assert not ev.judge(case("out_of_scope"), seen, NAMES)
    # a placeholder shows no fact: the item's general legal basis, cited at the end, earns nothing
    pending = f"『建设项目环评审批』的受理部门和办理入口：\n受理部门：（待补充）\n依据：《{EIA}》第二十二条"
    unbacked = observed(ev, reply(pending, citations=cited[:1]))
    assert not ev.judge(case("consultation", clauses=[{"document": EIA, "article": "第二十二条"}]), unbacked, NAMES)


def test_an_offer_counts_for_its_item_and_the_whole_menu_does_not(ev: ModuleType) -> None:
    offer = '/start_service{"service_item": "非道路移动机械环保标志"}'
    text = "您是想办理『非道路移动机械环保标志』吗？我可以带您做一次预审，几个问题之后生成预审单。"
    offered = observed(ev, reply(text, buttons=(offer, "/deny")))
    assert ev.judge(case("service_item", item="nonroad_machinery"), offered, NAMES)
    menu = tuple(f'/start_service{{"service_item": "{n}"}}' for n in range(8))
    assert not observed(ev, reply("您想办理哪一项？可以点选下面的事项，或者直接告诉我事项名称。", buttons=menu)).offered


def test_a_complaint_needs_the_apology_and_the_hand_off(ev: ModuleType) -> None:
    apology = reply("非常抱歉给您带来不好的体验。您的意见已记录，会转交工作人员处理。")
    assert ev.judge(case("complaint"), observed(ev, apology, state="waiting"), NAMES)
    assert not ev.judge(case("complaint"), observed(ev, apology, state="bot"), NAMES)


def test_out_of_scope_is_right_only_when_nothing_is_answered_offered_or_handed_over(ev: ModuleType) -> None:
    declined = observed(ev, reply(DOMAIN["responses"]["utter_out_of_scope"][0]["text"]))
    assert declined.responses == ["utter_out_of_scope"]
    assert ev.judge(case("out_of_scope"), declined, NAMES)
    handed = observed(ev, reply("好的"), state="waiting")
    assert not ev.judge(case("out_of_scope"), handed, NAMES)

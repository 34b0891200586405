"""The walk-through actions with built trackers, the real catalogue and the seed knowledge base."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base
from actions.service import (
    ActionAskServiceAnswer,
    ActionAskServiceItem,
    ActionServiceOutcome,
    ActionShowApplications,
    ActionStopService,
    ValidateServiceForm,
)
from knowledge.payloads import BotPayload, Citation
from tests.actions.trackers import SEED_CLAUSE_2
from tests.conftest import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "bot" / "domain.yml").read_text("utf-8"))


@pytest.fixture(autouse=True)
def fresh_catalogue() -> Any:
    knowledge_base.get_catalogue.cache_clear()
    yield
    knowledge_base.get_catalogue.cache_clear()


def form_tracker(text: str, intent: str, slots: dict[str, Any], filled: dict[str, Any]) -> Tracker:
    """A tracker inside service_form where this turn's message filled ``filled``."""
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in filled.items()]
    return Tracker(
        sender_id="walk",
        slots={"requested_slot": "service_answer", **slots, **filled},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "service_form"},
        latest_action_name="action_listen",
    )


def execute(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots, [str(e["event"]) for e in events]


PERMIT = {"service_item": "pollutant_permit"}


def test_choosing_an_item_starts_with_its_introduction() -> None:
    tracker = form_tracker("我要办排污证", "start_service", {"requested_slot": None}, {"service_item": "排污证"})
    _, slots, _ = execute(ValidateServiceForm(), tracker)
    assert slots["service_item"] == "pollutant_permit"
    assert slots["service_answers"] == {} and slots["service_notice"] == "intro"


def test_an_unknown_item_is_asked_again() -> None:
    tracker = form_tracker("办个证", "start_service", {"requested_slot": "service_item"}, {"service_item": "办个证"})
    messages, slots, _ = execute(ValidateServiceForm(), tracker)
    assert slots["service_item"] is None
    assert messages[0]["response"] == "utter_service_unknown"


def test_an_answer_is_kept_and_the_next_question_follows() -> None:
    tracker = form_tracker("首次申请", "inform", {**PERMIT, "service_answers": {}}, {"service_answer": "首次申请"})
    _, slots, _ = execute(ValidateServiceForm(), tracker)
    assert slots["service_answers"] == {"application_type": "首次申请"}
    assert slots["service_answer"] is None
    assert "requested_slot" not in slots  # the form asks service_answer again


def test_the_last_answer_ends_the_form() -> None:
    answers = {"application_type": "首次申请", "management_class": "简化管理"}
    tracker = form_tracker("是的", "affirm", {**PERMIT, "service_answers": answers}, {"service_answer": "是的"})
    _, slots, _ = execute(ValidateServiceForm(), tracker)
    assert slots["service_answers"]["eia_done"] is True
    assert slots["requested_slot"] is None


def test_an_answer_that_does_not_fit_is_re_prompted() -> None:
    tracker = form_tracker("随便", "inform", {**PERMIT, "service_answers": {}}, {"service_answer": "随便"})
    _, slots, _ = execute(ValidateServiceForm(), tracker)
    assert slots["service_notice"] == "invalid" and slots["service_answers"] == {}
    asked = form_tracker("随便", "inform", {**PERMIT, "service_answers": {}, "service_notice": "invalid"}, {})
    [message], slots, _ = execute(ActionAskServiceAnswer(), asked)
    assert message["text"].startswith("请从“首次申请”")
    assert [b["title"] for b in message["buttons"]] == ["首次申请", "有效期届满延续", "发生变化重新申请", "不办了"]
    assert slots == {"service_notice": None}


def test_a_question_in_passing_is_answered_and_the_walk_through_resumes() -> None:
    text = "两证合一试点是什么意思？"
    tracker = form_tracker(text, "ask_policy", {**PERMIT, "service_answers": {}}, {"service_answer": text})
    messages, slots, _ = execute(ValidateServiceForm(), tracker)
    assert messages and messages[0]["response"].startswith(("utter_policy_answer", "utter_not_sure"))
    assert slots["service_notice"] == "resume" and slots["service_answers"] == {}
    asked = form_tracker(text, "ask_policy", {**PERMIT, "service_answers": {}, "service_notice": "resume"}, {})
    messages, _, _ = execute(ActionAskServiceAnswer(), asked)
    assert [m.get("response") for m in messages] == ["utter_service_resume", None]
    assert messages[1]["text"] == "您要办理的是哪一种？"


def test_back_takes_back_the_last_answer_and_asks_it_again() -> None:
    answers = {"application_type": "首次申请"}
    tracker = form_tracker(
        "上一步", "change_answer", {**PERMIT, "service_answers": answers}, {"service_answer": "上一步"}
    )
    _, slots, _ = execute(ValidateServiceForm(), tracker)
    assert slots["service_answers"] == {} and slots["service_notice"] == "back"


def test_the_item_menu_offers_every_item() -> None:
    [message], _, _ = execute(ActionAskServiceItem(), form_tracker("我要办事", "start_service", {}, {}))
    assert len(message["buttons"]) == 8
    assert message["buttons"][0]["payload"] == '/start_service{"service_item": "建设项目环评审批"}'


def outcome_of(item: str, answers: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    slots = {"service_item": item, "service_answers": answers, "requested_slot": None}
    return execute(ActionServiceOutcome(), form_tracker("是", "affirm", slots, {}))


def test_an_eligible_outcome_has_the_summary_and_the_record() -> None:
    answers = {"application_type": "首次申请", "management_class": "重点管理", "eia_done": True}
    messages, slots, events = outcome_of("pollutant_permit", answers)
    responses = [m["response"] for m in messages]
    assert responses == ["utter_service_eligible", "utter_service_details", "utter_service_basis"]
    assert "申请前已通过全国排污许可证管理信息平台公开" in messages[1]["materials"]
    assert messages[1]["details"].splitlines()[0] == "受理部门：请以业务部门公布为准"
    record = messages[2]["custom"]["service_record"]
    assert (record["item_id"], record["outcome"], record["headline"]) == (
        "pollutant_permit",
        "eligible",
        "可以提交申请",
    )
    assert "pause" not in events
    assert slots["service_item"] is None and slots["service_answers"] is None


def test_an_ineligible_outcome_gives_the_reason_and_no_checklist() -> None:
    messages, _, _ = outcome_of("credit_repair", {"has_record": True, "obligations_met": False})
    assert [m["response"] for m in messages] == ["utter_service_not_eligible", None, "utter_service_basis"]
    assert "主动履行义务" in messages[0]["reason"]
    assert messages[1]["text"].startswith("环保信用修复的具体条件")  # the item's caveat
    assert messages[2]["custom"]["service_record"]["outcome"] == "not_eligible"


def test_staff_review_hands_the_conversation_over_with_the_record() -> None:
    messages, _, events = outcome_of("pollutant_permit", {"application_type": "首次申请", "management_class": "不确定"})
    assert messages[-1]["response"] == "utter_service_review_handoff"
    assert messages[-1]["custom"]["handoff"] == {"reason": "review", "topic": "排污许可证申请与延续", "departments": []}
    assert any("service_record" in (m.get("custom") or {}) for m in messages)
    assert events[-1] == "pause"


RECORD_KEYS = ["item_id", "item", "category", "outcome", "headline", "reason", "answers", "materials", "steps"]
RECORD_KEYS += ["department", "time_limit", "fee", "online_entry", "legal_basis"]


@pytest.mark.parametrize(
    ("item", "answers", "has_fee"),
    [
        ("pollutant_permit", {"application_type": "首次申请", "management_class": "重点管理", "eia_done": True}, True),
        ("report_reward", {"environmental": False}, False),  # the item states no fee: the record has no fee key
    ],
)
def test_the_outcome_payload_keeps_its_json_shape(item: str, answers: dict[str, Any], has_fee: bool) -> None:
    messages, _, _ = outcome_of(item, answers)
    [custom] = [m["custom"] for m in messages if m.get("custom")]
    assert list(custom) == ["citations", "service_record"]
    assert list(custom["service_record"]) == [k for k in RECORD_KEYS if has_fee or k != "fee"]
    assert all(list(c) == list(Citation.model_fields) for c in custom["citations"])
    assert BotPayload.from_custom(custom).json_message() == custom


def test_stopping_says_so_and_forgets_the_answers() -> None:
    slots = {**PERMIT, "service_answers": {"application_type": "首次申请"}}
    [message], slots, _ = execute(ActionStopService(), form_tracker("不办了", "stop_service", slots, {}))
    assert message["response"] == "utter_service_stopped" and message["item"] == "排污许可证申请与延续"
    assert slots["service_answers"] is None
    [message], _, _ = execute(ActionStopService(), form_tracker("不办了", "stop_service", {}, {}))
    assert message["response"] == "utter_no_service_in_progress"


def test_my_records_are_listed_by_the_gateway() -> None:
    [message], _, _ = execute(ActionShowApplications(), form_tracker("我的预审单", "show_applications", {}, {}))
    assert message["custom"] == {"service_records": "list"}


def test_feedback_on_an_answer_given_in_passing_keeps_the_form_going() -> None:
    slots = {**PERMIT, "service_answers": {}, "last_clause_id": "f7347583969f:（二）", "last_query": "两证合一"}
    tracker = form_tracker("/feedback_useful", "feedback_useful", slots, {"service_answer": "/feedback_useful"})
    messages, slots, _ = execute(ValidateServiceForm(), tracker)
    assert messages[0]["response"] == "utter_feedback_thanks"
    assert messages[0]["custom"]["feedback"]["clause_id"] == "f7347583969f:（二）"
    assert slots["service_notice"] == "resume" and slots["service_answers"] == {}


def test_mentioning_the_item_again_or_a_stranger_keeps_the_walk_through() -> None:
    """「排污许可证有效期多久？」mid-form sets the entity again; the answers so far stay."""
    answers = {"application_type": "首次申请"}
    for mention in ("排污许可证", "排污许可证有效期"):
        tracker = form_tracker(mention + "多久？", "start_service", {**PERMIT, "service_answers": answers}, {})
        earlier = [
            {"event": "user", "text": "我要办排污证"},
            {"event": "slot", "name": "service_item", "value": "pollutant_permit"},
            {"event": "user", "text": "首次申请"},  # a later turn that did not touch the item
        ]
        tracker.events[:0] = earlier
        tracker.events.append({"event": "slot", "name": "service_item", "value": mention})
        tracker.slots["service_item"] = mention
        _, slots, _ = execute(ValidateServiceForm(), tracker)
        assert slots["service_item"] == "pollutant_permit" and "service_notice" not in slots


def test_a_vague_request_is_asked_between_the_close_items_only() -> None:
    [message], _, _ = execute(ActionAskServiceItem(), form_tracker("想办个环评方面的手续", "start_service", {}, {}))
    assert message["response"] == "utter_offer_services"
    titles = {b["title"] for b in message["buttons"]}
    assert {"建设项目环评审批", "环评类别自查"} <= titles and len(titles) <= 3


def test_an_item_named_by_its_machine_is_extracted() -> None:
    tracker = form_tracker("我要给新买的叉车办手续", "start_service", {"requested_slot": None}, {})
    extracted = asyncio.run(ValidateServiceForm().extract_service_item(CollectingDispatcher(), tracker, DOMAIN))
    assert extracted == {"service_item": "非道路移动机械环保标志"}


def test_a_question_about_an_item_is_answered_and_the_form_ends_at_once() -> None:
    """「办叉车环保标志要交费吗」 reads as 办 (start_service) but asks about the fee."""
    tracker = form_tracker("办非道路机械环保标志要交费吗", "start_service", {"requested_slot": None}, {})
    dispatcher = CollectingDispatcher()
    slots = ValidateServiceForm().validate_service_item("非道路移动机械环保标志", dispatcher, tracker, DOMAIN)
    facts, offer = dispatcher.messages
    assert facts["response"] == "utter_service_facts" and facts["title"] == "收费"
    assert offer["response"] == "utter_offer_service"
    assert slots["service_item"] is None and slots["service_notice"] == "answered"
    assert slots["pending_offer"] == "service:nonroad_machinery"
    ended = form_tracker("办非道路机械环保标志要交费吗", "start_service", {"requested_slot": None, **slots}, {})
    required = ValidateServiceForm().required_slots(["service_item", "service_answer"], dispatcher, ended, DOMAIN)
    assert asyncio.run(required) == []


def test_whether_an_item_is_needed_is_answered_from_the_law_before_the_items_facts() -> None:
    said = "临港新片区实行环评与排污许可两证合一，我们的项目还需要另外办排污许可证吗"
    tracker = form_tracker(said, "start_service", {"requested_slot": None}, {})
    dispatcher = CollectingDispatcher()
    slots = ValidateServiceForm().validate_service_item("排污许可证申请与延续", dispatcher, tracker, DOMAIN)
    answer, facts = dispatcher.messages
    assert answer["response"].startswith("utter_policy_answer") and answer["citation"].endswith("（二）")
    assert answer["buttons"][0]["payload"] == '/start_service{"service_item": "排污许可证申请与延续"}'
    assert facts["title"] == "是否需要办理"
    assert slots["service_item"] is None and slots["service_notice"] == "answered"
    assert slots["last_clause_id"] == SEED_CLAUSE_2 and slots["pending_offer"] is None


def test_a_tapped_item_button_starts_the_walk_through_whatever_its_words() -> None:
    tapped = '/start_service{"service_item": "环保信用修复"}'
    tracker = form_tracker(tapped, "start_service", {"requested_slot": None}, {})
    slots = ValidateServiceForm().validate_service_item("环保信用修复", CollectingDispatcher(), tracker, DOMAIN)
    assert slots["service_notice"] == "intro" and slots["service_item"] == "credit_repair"


def test_a_finished_walk_through_forgets_an_earlier_offer() -> None:
    """Otherwise a later 好的 would start the same walk-through again."""
    answers = {"has_record": False}
    slots = {"service_item": "credit_repair", "service_answers": answers, "pending_offer": "service:credit_repair"}
    _, set_slots, _ = execute(ActionServiceOutcome(), form_tracker("否", "deny", slots, {}))
    assert set_slots["pending_offer"] is None


def test_a_typed_rephrasing_at_which_item_is_recognised() -> None:
    said = "给叉车申领环保标志那个"
    tracker = form_tracker(said, "inform", {"requested_slot": "service_item"}, {})
    slots = ValidateServiceForm().validate_service_item(said, CollectingDispatcher(), tracker, DOMAIN)
    assert slots["service_item"] == "nonroad_machinery" and slots["service_notice"] == "intro"

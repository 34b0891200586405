"""Reporting, contact channels, working hours and capabilities, on built trackers."""

from __future__ import annotations

import pytest

from actions.information import (
    ActionCapabilities,
    ActionContact,
    ActionOfficeHours,
    ActionOutOfScope,
    ActionReportGuidance,
)
from knowledge.answering.reporting import REPORT_CONFIDENCE
from knowledge.contacts import load_contacts
from knowledge.payloads import BotPayload
from knowledge.services.catalogue import load_catalogue
from tests.actions.trackers import run, tracker_for


def test_a_report_gets_the_channels_the_right_to_report_and_the_reward_item() -> None:
    messages, slots = run(ActionReportGuidance(), tracker_for("隔壁厂晚上往河里排黑水", "report_violation"))
    guidance, reward = messages
    assert guidance["response"] == "utter_report_guidance"
    assert "全国生态环境举报热线：12369" in guidance["channels"]
    [citation] = BotPayload.from_custom(guidance["custom"]).citations
    assert (citation.document, citation.article) == ("中华人民共和国环境保护法", "第五十七条")
    assert reward["response"] == "utter_report_reward" and reward["item"] == "有奖举报奖金发放"
    assert reward["buttons"] == [
        {"title": "有奖举报奖金发放", "payload": '/start_service{"service_item": "有奖举报奖金发放"}'}
    ]
    assert slots == {}  # no hand-off, no apology: a report is not a complaint


def test_a_weak_report_with_no_reporting_word_is_answered_as_a_question() -> None:
    """A question about one's own plans that the NLU only weakly took for a report."""
    tracker = tracker_for("我们想在临港搞两证合一试点，这种能办吗", "report_violation", confidence=0.52)
    messages, _ = run(ActionReportGuidance(), tracker)
    responses = [m["response"] for m in messages]
    assert responses[0].startswith(("utter_policy_answer", "utter_not_sure")), responses
    assert "utter_report_guidance" not in responses


def test_a_weak_report_the_knowledge_base_cannot_answer_gets_the_channels_after_all() -> None:
    tracker = tracker_for("对面那家店门口天天堆着一堆东西", "report_violation", confidence=0.52)
    messages, _ = run(ActionReportGuidance(), tracker)
    assert [m["response"] for m in messages] == ["utter_report_guidance", "utter_report_reward"]


@pytest.mark.parametrize(
    ("text", "report"),
    [
        ("我们厂想在旁边那条小河上开个排口，要找哪个部门批", False),  # a plan of one's own asking its approval
        ("我想找人管管，旁边那家厂门口天天堆着一堆东西", True),  # a plan to report: the channels
    ],
)
def test_a_weak_report_of_ones_own_plan_gets_the_consultation_reply_whatever_search_finds(
    text: str, report: bool
) -> None:
    messages, _ = run(ActionReportGuidance(), tracker_for(text, "report_violation", confidence=0.55))
    assert (messages[0]["response"] == "utter_report_guidance") is report, messages[0]["response"]


@pytest.mark.parametrize(
    ("text", "confidence"), [("我要举报", 0.48), ("旁边工地的泥浆车天天往路上漏泥", REPORT_CONFIDENCE)]
)
def test_a_report_that_says_report_or_is_confident_gets_the_channels(text: str, confidence: float) -> None:
    messages, _ = run(ActionReportGuidance(), tracker_for(text, "report_violation", confidence=confidence))
    assert messages[0]["response"] == "utter_report_guidance"


@pytest.mark.parametrize(
    ("text", "response"),
    [("卫生间下水道总是反味，有没有去味的小窍门", "utter_unserved_tips"),
     ("帮我们厂区画一张雨污管网的布局图", "utter_unserved_engineering")],
)  # fmt: skip
def test_a_confident_report_that_asks_for_what_no_article_serves_says_so(text: str, response: str) -> None:
    """The NLU is sure of smells and pipes; the request is for a tip or a design, not a report."""
    messages, _ = run(ActionReportGuidance(), tracker_for(text, "report_violation", confidence=0.95))
    assert [m["response"] for m in messages] == [response]


def test_a_confident_report_of_what_no_list_foresees_gets_the_channels() -> None:
    """A cold review's counterexample: a report need not name anyone or a pollutant."""
    messages, _ = run(ActionReportGuidance(), tracker_for("河里的鱼都翻白肚了", "report_violation", confidence=0.95))
    assert messages[0]["response"] == "utter_report_guidance"


@pytest.mark.parametrize(
    ("text", "report"), [("把废液倒进雨水井，要是被查到会怎么罚", False), ("隔壁厂往雨水井里倒废液，不会被罚吗", True)]
)
def test_a_confident_report_that_asks_what_follows_is_a_report_only_of_someone_else(text: str, report: bool) -> None:
    messages, _ = run(ActionReportGuidance(), tracker_for(text, "report_violation", confidence=0.8))
    assert (messages[0]["response"] == "utter_report_guidance") is report


def test_a_weak_report_of_another_departments_matter_hears_which_department() -> None:
    tracker = tracker_for("隔壁公司天天让员工加班还不给加班费", "report_violation", confidence=0.52)
    messages, _ = run(ActionReportGuidance(), tracker)
    assert [m["response"] for m in messages] == ["utter_elsewhere"]


@pytest.mark.parametrize("text", ["楼上卫生间漏水，把我家天花板泡坏了，物业也不管", "邻居装修要拆承重墙，我很担心"])
def test_a_confident_report_of_another_departments_matter_hears_which_department(text: str) -> None:
    """A neighbour's leak or wall is the housing office's, however sure the NLU is of a report."""
    messages, _ = run(ActionReportGuidance(), tracker_for(text, "report_violation", confidence=0.9))
    assert [m["response"] for m in messages] == ["utter_elsewhere"]


def test_a_confident_report_that_says_report_of_another_departments_matter_gets_the_channels() -> None:
    tracker = tracker_for("我要举报楼上卫生间漏水的那家装修公司偷倒建筑垃圾", "report_violation", confidence=0.9)
    messages, _ = run(ActionReportGuidance(), tracker)
    assert messages[0]["response"] == "utter_report_guidance"


def test_a_weak_report_during_a_walk_through_is_a_detour_to_the_channels() -> None:
    tracker = tracker_for("我们想在临港搞两证合一试点，这种能办吗", "report_violation", confidence=0.52)
    tracker.active_loop = {"name": "service_form"}
    messages, _ = run(ActionReportGuidance(), tracker)
    assert messages[0]["response"] == "utter_report_guidance"


def test_contact_channels_come_from_the_bureaus_data() -> None:
    [message], _ = run(ActionContact(), tracker_for("你们电话多少", "ask_contact"))
    assert message["response"] == "utter_contact"
    assert message["channels"] == load_contacts().lines(load_contacts().consultation)


def test_working_hours_are_asked_of_the_gateway() -> None:
    [message], _ = run(ActionOfficeHours(), tracker_for("周末有人吗", "ask_hours"))
    assert message["response"] == "utter_office_hours"
    assert BotPayload.from_custom(message["custom"]).office_hours == "next_opening"


def test_capabilities_list_every_service_item() -> None:
    [message], _ = run(ActionCapabilities(), tracker_for("你能干嘛", "ask_capabilities"))
    assert message["response"] == "utter_capabilities"
    assert [b["title"] for b in message["buttons"]] == [i.name for i in load_catalogue()]


def test_the_one_reported_is_never_told_how_to_report() -> None:
    """Even when the NLU is sure it is a report and search finds nothing to answer with."""
    tracker = tracker_for("被楼上住户投诉了，咋办呢", "report_violation", confidence=0.97)
    messages, _ = run(ActionReportGuidance(), tracker)
    responses = [m["response"] for m in messages]
    assert responses and "utter_report_guidance" not in responses and "utter_report_reward" not in responses


def test_chit_chat_outside_the_remit_is_declined_politely() -> None:
    [message], slots = run(ActionOutOfScope(), tracker_for("给我讲个笑话", "out_of_scope"))
    assert message["response"] == "utter_out_of_scope" and slots == {}


def test_another_departments_matter_names_the_department_to_ask() -> None:
    """The NLU files 「增值税专用发票怎么开」 as out of scope; the user still learns where to go."""
    [message], _ = run(ActionOutOfScope(), tracker_for("公司要开增值税专用发票，怎么弄", "out_of_scope"))
    assert (message["response"], message["department"]) == ("utter_elsewhere", "税务部门")


def test_a_request_no_article_serves_says_what_the_assistant_cannot_do() -> None:
    [message], _ = run(ActionOutOfScope(), tracker_for("年会要用，帮我写篇三分钟的演讲稿", "out_of_scope"))
    assert message["response"] == "utter_unserved_drafting"


@pytest.mark.parametrize(("confidence", "answered"), [(0.43, True), (0.9, False)])
def test_a_weak_out_of_scope_guess_that_search_answers_gets_the_answer(confidence: float, answered: bool) -> None:
    """A terse query the NLU did not recognise is still the bureau's when search is sure of it."""
    tracker = tracker_for("临港的两证合一试点是什么意思？", "out_of_scope", confidence=confidence)
    messages, _ = run(ActionOutOfScope(), tracker)
    assert messages[0]["response"].startswith("utter_policy_answer") is answered
    assert (messages[0]["response"] == "utter_out_of_scope") is not answered

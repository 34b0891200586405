from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from unittest import mock

import pytest

from knowledge.services import eligibility
from knowledge.services.catalogue import Question, load_catalogue
from knowledge.services.eligibility import InvalidAnswer, decide, next_question, parse_answer
from knowledge.services.scenarios import Scenario, load_scenarios
from knowledge.services.walkthrough import take

TODAY = date(2026, 11, 29)
CATALOGUE = load_catalogue()
SCENARIOS = load_scenarios()


def question(kind: str, **extra: Any) -> Question:
    return Question(id="q", kind=kind, prompt="？", reprompt="请重新回答。", **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("q", "text", "expected"),
    [
        (question("yes_no"), "是的", True),
        (question("yes_no"), "有", True),
        (question("yes_no"), "已经改正了", True),
        (question("yes_no"), "不是", False),
        (question("yes_no"), "还没有", False),
        (question("yes_no"), "否", False),
        (question("choice", options=("重点管理", "简化管理")), "简化管理", "简化管理"),
        (question("choice", options=("重点管理", "简化管理")), "我们是重点管理", "重点管理"),
        (question("choice", options=("重点管理", "简化管理")), "第二个", "简化管理"),
        (question("choice", options=("重点管理", "简化管理")), "2", "简化管理"),
        (question("number", min=1, max=100), "3台", 3),
        (question("number", min=1, max=100), "五台", 5),
        (question("number", min=1, max=100), "二十", 20),
        (question("number", min=1, max=10000), "1,200", 1200),
        (question("date", min=0), "2026-12-01", "2026-12-01"),
        (question("date", min=0), "2026年12月5日", "2026-12-05"),
        (question("date", min=0), "12月31日", "2026-12-31"),
        (question("date", min=0), "明天", "2026-11-30"),
        (question("district"), "浦东", "浦东新区"),
        (question("district"), "在闵行区", "闵行区"),
        (question("text"), "  一家汽修厂 ", "一家汽修厂"),
    ],
)
def test_answers_are_read_by_kind(q: Question, text: str, expected: Any) -> None:
    assert parse_answer(q, text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (question("yes_no"), "不确定"),
        (question("yes_no"), "随便"),
        (question("choice", options=("重点管理", "简化管理")), "管理"),
        (question("choice", options=("重点管理", "简化管理")), "第三个"),
        (question("number", min=1, max=100), "很多"),
        (question("number", min=1, max=100), "0"),
        (question("number", min=1, max=100), "101"),
        (question("date", min=0), "昨天以前"),
        (question("date", min=0), "2026-11-01"),
        (question("date", min=0), "2026-02-30"),
        (question("district"), "北京朝阳"),
        (question("text", max_length=5), "这段话超过了五个字"),
        (question("text"), "   "),
    ],
)
def test_answers_that_do_not_fit_are_refused(q: Question, text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_answer(q, text, today=TODAY)


def walk(scenario: Scenario) -> dict[str, Any]:
    item = CATALOGUE.get(scenario.item)
    assert item is not None
    answers: dict[str, Any] = {}
    for intent, text in scenario.turns:
        assert next_question(item, answers, today=TODAY) is not None, f"asked nothing before {text!r}"
        turn = take(CATALOGUE, item, answers, text, intent, today=TODAY)
        assert turn.kind == "answered", f"{text!r} was {turn.kind}"
        answers = turn.answers
    return answers


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_scenario_ends_with_its_outcome(scenario: Scenario) -> None:
    item = CATALOGUE.get(scenario.item)
    assert item is not None
    answers = walk(scenario)
    assert next_question(item, answers, today=TODAY) is None
    outcome = decide(item, answers, today=TODAY)
    assert outcome is not None and outcome.kind == scenario.outcome
    if outcome.kind != "eligible":
        assert outcome.reason


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.path == "eligible"], ids=lambda s: s.item)
def test_the_first_question_refuses_nonsense_and_recognises_a_question(scenario: Scenario) -> None:
    item = CATALOGUE.get(scenario.item)
    assert item is not None
    assert take(CATALOGUE, item, {}, scenario.invalid, "inform", today=TODAY).kind == "invalid"
    assert take(CATALOGUE, item, {}, scenario.question, "ask_policy", today=TODAY).kind == "question"
    # the NLU unsure: a question if it reads like one, otherwise the open question again
    assert take(CATALOGUE, item, {}, scenario.invalid, "nlu_fallback", today=TODAY).kind == "invalid"
    assert take(CATALOGUE, item, {}, scenario.question, "nlu_fallback", today=TODAY).kind == "question"


def test_every_item_has_an_eligible_and_an_ineligible_scenario() -> None:
    paths = {(s.item, s.path) for s in SCENARIOS}
    for item in CATALOGUE:
        assert {(item.id, "eligible"), (item.id, "ineligible")} <= paths


@pytest.mark.parametrize(
    ("expiry", "outcome"),
    [("2027-06-30", "eligible"), ("2027-01-10", "review"), ("2026-11-01", "review")],
)
def test_permit_renewal_timing_follows_article_14(expiry: str, outcome: str) -> None:
    """延续: at least 60 days before expiry is on time; later, or expired, needs staff."""
    item = CATALOGUE.get("pollutant_permit")
    assert item is not None
    answers = {"application_type": "有效期届满延续", "management_class": "重点管理", "expiry_date": expiry}
    assert next_question(item, answers, today=TODAY) is None
    result = decide(item, answers, today=TODAY)
    assert result is not None and result.kind == outcome


def test_an_ineligible_answer_ends_the_pre_check_at_once() -> None:
    item = CATALOGUE.get("nonroad_machinery")
    assert item is not None
    assert next_question(item, {"used_in_shanghai": False}) is None
    assert next_question(item, {"used_in_shanghai": True}).id == "district"  # type: ignore[union-attr]


def test_questions_that_do_not_apply_are_skipped() -> None:
    item = CATALOGUE.get("pollutant_permit")
    assert item is not None
    answers = {"application_type": "有效期届满延续", "management_class": "简化管理"}
    assert next_question(item, answers).id == "expiry_date"  # type: ignore[union-attr]


def test_back_takes_the_last_answer_away() -> None:
    item = CATALOGUE.get("pollutant_permit")
    assert item is not None
    turn = take(CATALOGUE, item, {"application_type": "首次申请", "management_class": "重点管理"}, "上一步", "inform")
    assert turn.kind == "back" and turn.answers == {"application_type": "首次申请"}


def test_naming_another_item_switches_to_it() -> None:
    item = CATALOGUE.get("pollutant_permit")
    assert item is not None
    turn = take(CATALOGUE, item, {"application_type": "首次申请"}, "我要申请环保信用修复", "start_service")
    assert turn.kind == "switch" and turn.item is not None and turn.item.id == "credit_repair"


def test_today_is_the_bureaus_date_not_the_machines() -> None:
    """At 01:00 in Shanghai a UTC machine is still on the previous day; 今天 is Shanghai's."""
    late_utc = datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc)  # 01:00 on 1 December in Shanghai

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
            return late_utc.astimezone(tz) if tz else late_utc.replace(tzinfo=None)

    with mock.patch.object(eligibility, "datetime", Clock):
        assert eligibility.shanghai_today().isoformat() == "2026-12-01"

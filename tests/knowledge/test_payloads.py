"""The payload contract: what each field looks like as JSON, and what the gateway refuses."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.payloads import (
    AnsweredQuestion,
    BotPayload,
    Citation,
    Feedback,
    Handoff,
    InvalidPayload,
    ServiceRecord,
)
from knowledge.search.searcher import Searcher
from tests.conftest import SEED_DOC_NO, SEED_TITLE

RECORD = ServiceRecord(
    item_id="credit_repair",
    item="环保信用修复",
    category="好办",
    outcome="eligible",
    headline="可以申请信用修复",
    answers=[AnsweredQuestion(question="是否已经整改？", answer="是")],
    legal_basis=["《企业环境信用评价办法》第十条"],
)


def test_a_hit_is_cited_with_its_document_clause_and_departments(searcher: Searcher) -> None:
    hit = searcher.search("两证合一").hits[0]
    cite = Citation.from_hit(hit)
    assert (cite.document, cite.doc_no, cite.article) == (SEED_TITLE, SEED_DOC_NO, "（二）")
    assert cite.departments == ["环评处", "各区生态环境局"]
    assert (cite.text, cite.clause_id) == (hit.clause.text, hit.clause.clause_id)
    assert cite.score == round(hit.score, 4)


def test_a_statute_not_imported_is_cited_by_name_and_article() -> None:
    assert Citation.plain("排污许可管理条例", "第十四条").model_dump() == {
        "document": "排污许可管理条例",
        "doc_no": "",
        "article": "第十四条",
        "departments": [],
        "score": 0.0,
        "text": "",
        "clause_id": "",
    }


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (BotPayload(), {}),
        (BotPayload(service_records="list"), {"service_records": "list"}),
        (
            BotPayload(handoff=Handoff(reason="complaint", topic="我要投诉")),
            {"handoff": {"reason": "complaint", "topic": "我要投诉", "departments": []}},
        ),
        (  # empty clause and query stay, as null; the answer judged is added by the gateway
            BotPayload(feedback=Feedback(value="useless")),
            {"feedback": {"value": "useless", "clause_id": None, "query": None}},
        ),
        (
            BotPayload(feedback=Feedback(value="useful", clause_id="d:（二）", query="q", answer_id=7)),
            {"feedback": {"value": "useful", "clause_id": "d:（二）", "query": "q", "answer_id": 7}},
        ),
    ],
)
def test_the_json_message_holds_the_fields_in_use(payload: BotPayload, expected: dict[str, Any]) -> None:
    assert payload.json_message() == expected
    assert BotPayload.from_custom(expected) == payload


def test_a_record_states_a_fee_only_when_the_item_has_one() -> None:
    record = BotPayload(service_record=RECORD).json_message()["service_record"]
    assert "fee" not in record and record["answers"] == [{"question": "是否已经整改？", "answer": "是"}]
    assert list(record)[-2:] == ["online_entry", "legal_basis"]
    with_fee = RECORD.model_copy(update={"fee": "不收费"}).model_dump(mode="json")
    assert list(with_fee)[10:13] == ["time_limit", "fee", "online_entry"]


def test_what_the_actions_send_is_what_the_gateway_reads() -> None:
    sent = BotPayload(
        citations=[Citation.plain("环境保护法", "第五十七条")],
        service_record=RECORD,
        handoff=Handoff(reason="review", topic="环保信用修复"),
    )
    assert BotPayload.from_custom(sent.json_message()) == sent


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("citations", "payload: model_type"),
        ({"citations": [{"document": "D", "article": ""}]}, "citations.0.article: string_too_short"),
        ({"handoff": {"reason": "request", "topic": "x", "extra": "13800138000"}}, "handoff.extra: extra_forbidden"),
        ({"feedback": {"value": "great"}}, "feedback.value: literal_error"),
        ({"service_record": {"item": "环保信用修复"}}, "service_record.item_id: missing"),
        ({"service_records": "everything"}, "service_records: literal_error"),
        ({"unknown": 1}, "unknown: extra_forbidden"),
    ],
)
def test_an_invalid_payload_is_refused_naming_the_field_not_the_value(raw: object, named: str) -> None:
    with pytest.raises(InvalidPayload) as refused:
        BotPayload.from_custom(raw)
    assert named in str(refused.value)
    assert "13800138000" not in str(refused.value) and "great" not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__, "the input stays out of tracebacks"


def test_payloads_for_one_message_merge() -> None:
    first = BotPayload(citations=[Citation.plain("D", "第一条")], feedback=Feedback(value="useful"))
    second = BotPayload(citations=[Citation.plain("D", "第二条")], handoff=Handoff(reason="request"))
    merged = first.merged(second)
    assert [c.article for c in merged.citations] == ["第一条", "第二条"]
    assert merged.feedback == first.feedback and merged.handoff == second.handoff
    assert first.merged(BotPayload()) == first

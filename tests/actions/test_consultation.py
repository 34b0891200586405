from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from actions import knowledge_base
from actions.consultation import ActionChooseClause, ActionRelatedClauses, ActionSearchPolicy
from knowledge.contacts import Contacts, load_contacts
from knowledge.documents.library import Library
from knowledge.documents.parser import parse_text
from knowledge.payloads import BotPayload
from knowledge.search.builder import build_index
from knowledge.search.catalogues import UNCLASSED, UNLISTED
from knowledge.search.e5_offline import E5_OFFLINE
from knowledge.search.figures import UNSTATED
from knowledge.search.holdings import UNHELD
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.request_kind import RequestKinds
from knowledge.search.tokenizer import Tokenizer
from knowledge.settings import get_knowledge_settings
from tests.actions.trackers import SEED_CLAUSE_2, run, tracker_for

DOMAIN = Path(__file__).parents[2] / "bot" / "domain.yml"


def test_answers_with_excerpt_citation_buttons_and_slots() -> None:
    [message], slots = run(ActionSearchPolicy(), tracker_for("临港的两证合一试点是什么意思？"))
    assert message["response"] == "utter_policy_answer"
    assert "两证合一" in message["excerpt"]
    assert message["citation"].endswith("（沪环综〔2021〕224号）（二）")
    assert message["departments"] == "环评处、各区生态环境局"
    [citation] = message["custom"]["citations"]
    assert (citation["article"], citation["doc_no"]) == ("（二）", "沪环综〔2021〕224号")
    assert list(citation) == ["document", "doc_no", "article", "departments", "score", "text", "clause_id"]
    assert BotPayload.from_custom(message["custom"]).citations[0].clause_id == SEED_CLAUSE_2
    assert slots == {
        "last_query": "临港的两证合一试点是什么意思？",
        "last_clause_id": SEED_CLAUSE_2,
        "misses": 0.0,
        "pending_offer": None,  # an earlier offer does not outlive the answer
    }
    # the permit item rests on this clause: one more button under the answer starts its walk-through
    assert message["buttons"] == [
        {"title": "预审『排污许可证申请与延续』", "payload": '/start_service{"service_item": "排污许可证申请与延续"}'}
    ]


def test_a_follow_up_is_read_with_the_previous_question() -> None:
    tracker = tracker_for("那临港呢？", slots={"last_query": "排污许可和环评衔接试点"})
    [message], slots = run(ActionSearchPolicy(), tracker)
    assert message["response"] == "utter_policy_answer"
    assert slots["last_query"] == "排污许可和环评衔接试点 那临港呢？"
    assert slots["last_clause_id"] == SEED_CLAUSE_2


@pytest.mark.parametrize(
    ("text", "response"), [("怎么办理护照", "utter_elsewhere"), ("帮我写一首关于春天的诗", "utter_unserved_drafting")]
)
def test_first_miss_says_so_honestly(text: str, response: str) -> None:
    [message], slots = run(ActionSearchPolicy(), tracker_for(text))
    assert message["response"] == response
    assert slots["misses"] == 1.0
    assert "custom" not in message or not message["custom"]


def test_another_departments_question_names_the_department_to_ask() -> None:
    [message], slots = run(ActionSearchPolicy(), tracker_for("营业执照地址变更需要哪些材料"))
    assert (message["response"], message["department"]) == ("utter_elsewhere", "市场监督管理部门")
    assert slots["misses"] == 1.0 and not message.get("custom")


def test_not_sure_offers_the_best_candidates_as_choices() -> None:
    [message], _ = run(ActionSearchPolicy(), tracker_for("办事需要什么证明"))
    assert message["response"] == "utter_not_sure"
    payloads = [b["payload"] for b in message["buttons"]]
    assert 1 <= len(payloads) <= 2
    assert all(p.startswith("/choose_clause{") for p in payloads)
    assert json.loads(payloads[0].removeprefix("/choose_clause"))["clause_id"]


def test_second_miss_in_a_row_offers_a_person() -> None:
    [message], slots = run(ActionSearchPolicy(), tracker_for("公积金贷款额度是多少", slots={"misses": 1.0}))
    assert message["response"] == "utter_offer_human"
    assert slots["pending_offer"] == "human" and slots["misses"] == 0.0


def test_choose_clause_shows_exactly_that_clause() -> None:
    tracker = tracker_for('/choose_clause{"clause_id": "x"}', "choose_clause", slots={"clause_id": SEED_CLAUSE_2})
    [message], slots = run(ActionChooseClause(), tracker)
    assert message["response"] == "utter_policy_answer"
    assert message["custom"]["citations"][0]["article"] == "（二）"
    assert slots["last_clause_id"] == SEED_CLAUSE_2


def test_choose_an_unknown_clause() -> None:
    tracker = tracker_for("/choose_clause", "choose_clause", slots={"clause_id": "gone:第九条"})
    [message], _ = run(ActionChooseClause(), tracker)
    assert message["response"] == "utter_clause_unknown"


def test_typed_choice_without_an_id_is_searched() -> None:
    [message], _ = run(ActionChooseClause(), tracker_for("就看两证合一这条", "choose_clause"))
    assert message["response"] == "utter_policy_answer"


def test_related_clauses_leave_out_the_one_shown() -> None:
    slots = {"last_query": "环评审批制度改革", "last_clause_id": "f7347583969f:（一）"}
    [message], _ = run(ActionRelatedClauses(), tracker_for("相关条款", "related_clauses", slots=slots))
    assert message["response"] == "utter_related_intro"
    ids = [json.loads(b["payload"].removeprefix("/choose_clause"))["clause_id"] for b in message["buttons"]]
    assert ids and "f7347583969f:（一）" not in ids and len(ids) <= 3


def test_related_without_a_previous_question() -> None:
    [message], _ = run(ActionRelatedClauses(), tracker_for("相关条款", "related_clauses"))
    assert message["response"] == "utter_no_related"


def test_close_candidates_from_two_documents_are_both_quoted_the_best_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tokenizer: Tokenizer
) -> None:
    paths = KnowledgePaths(tmp_path)
    library = Library.open(paths.library)
    for title in ("上海市甲区扬尘管理办法", "上海市乙区扬尘管理办法"):
        library.upsert(parse_text(f"{title}\n第一条 建筑工地应当采取围挡和洒水等扬尘控制措施。\n", source=title))
    build_index(paths, tokenizer)
    monkeypatch.setenv("ECOASSIST_HOME", str(tmp_path))
    get_knowledge_settings.cache_clear()
    knowledge_base._searcher.cache_clear()

    [answer], slots = run(ActionSearchPolicy(), tracker_for("建筑工地扬尘控制措施有哪些"))
    assert answer["response"].startswith("utter_policy_answer_also")
    assert "围挡和洒水" in answer["excerpt"] and "围挡和洒水" in answer["also_excerpt"]
    first, second = (c["document"] for c in answer["custom"]["citations"])
    assert sorted([first, second]) == ["上海市乙区扬尘管理办法", "上海市甲区扬尘管理办法"]
    assert answer["citation"].startswith(f"《{first}》") and answer["also_citation"].startswith(f"《{second}》")
    assert slots["last_clause_id"] == answer["custom"]["citations"][0]["clause_id"]
    asked = tracker_for("相关条款", "related_clauses", slots=slots)
    [message], _ = run(ActionRelatedClauses(), asked)
    listed = {json.loads(b["payload"].removeprefix("/choose_clause"))["clause_id"] for b in message["buttons"]}
    assert listed and not listed & {c["clause_id"] for c in answer["custom"]["citations"]}  # both were shown


def test_a_question_beyond_the_bureaus_remit_is_declined_without_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tokenizer: Tokenizer
) -> None:
    build_index(KnowledgePaths(tmp_path), tokenizer, embedding_model=E5_OFFLINE)
    monkeypatch.setenv("ECOASSIST_HOME", str(tmp_path))
    get_knowledge_settings.cache_clear()
    knowledge_base._searcher.cache_clear()

    [message], slots = run(ActionSearchPolicy(), tracker_for("客户欠了我们八十万货款一直拖着不给，能去法院起诉吗"))
    assert message["response"] == "utter_beyond_remit" and not message.get("custom")
    assert slots["misses"] == 1.0 and slots["last_query"] is None


def test_a_question_about_an_items_materials_gets_the_items_facts_and_an_offer() -> None:
    facts, offer = run(ActionSearchPolicy(), tracker_for("排污证延续要准备哪些材料"))[0]
    assert facts["response"] == "utter_service_facts"
    assert facts["item"] == "排污许可证申请与延续" and facts["title"] == "申请材料"
    assert facts["facts"].startswith("1. 排污许可证申请表")
    assert BotPayload.from_custom(facts["custom"]).citations  # the item's legal basis
    assert offer["response"] == "utter_offer_service"
    assert offer["buttons"][0]["payload"] == '/start_service{"service_item": "排污许可证申请与延续"}'
    assert offer["buttons"][1]["payload"] == "/deny"


def test_an_item_named_by_its_machine_is_offered_when_no_clause_answers() -> None:
    tracker = tracker_for("我们工地新到了几台装载机", slots={"last_clause_id": SEED_CLAUSE_2})
    [offer], slots = run(ActionSearchPolicy(), tracker)
    assert offer["response"] == "utter_offer_service" and offer["item"] == "非道路移动机械环保标志"
    assert slots["pending_offer"] == "service:nonroad_machinery"
    assert slots["last_clause_id"] is None  # a later 没用 must not judge the clause shown before


def test_an_answer_from_the_clause_an_item_rests_on_offers_that_item() -> None:
    [message], slots = run(ActionSearchPolicy(), tracker_for("环保信用修复机制是怎么规定的"))
    assert message["response"].startswith("utter_policy_answer") and message["citation"].endswith("（八）")
    assert [b["payload"] for b in message["buttons"]] == ['/start_service{"service_item": "环保信用修复"}']
    assert slots["pending_offer"] is None  # the button starts it; a typed 好的 later does not


def test_a_question_outside_the_catalogue_offers_no_item() -> None:
    messages, slots = run(ActionSearchPolicy(), tracker_for("帮我写一首关于春天的诗"))
    assert [m["response"] for m in messages] == ["utter_unserved_drafting"]
    assert slots["pending_offer"] is None
    assert all("start_service" not in b["payload"] for m in messages for b in m.get("buttons", []))


def test_whether_an_item_is_needed_gets_the_clause_first_then_the_items_facts() -> None:
    """The clause answers whether, with the item's button under it; the facts follow as text, so
    有用/没用, 「条款」 and WeChat's numbered options refer to the clause."""
    tracker = tracker_for("临港新片区实行环评与排污许可两证合一，我们的项目还需要另外办排污许可证吗")
    (answer, facts), slots = run(ActionSearchPolicy(), tracker)
    assert answer["response"].startswith("utter_policy_answer") and answer["citation"].endswith("（二）")
    assert [b["payload"] for b in answer["buttons"]] == ['/start_service{"service_item": "排污许可证申请与延续"}']
    assert facts["response"] == "utter_service_facts" and facts["title"] == "是否需要办理"
    assert facts["item"] == "排污许可证申请与延续" and not BotPayload.from_custom(facts["custom"]).citations
    assert slots["last_clause_id"] == SEED_CLAUSE_2 and slots["pending_offer"] is None


def test_every_kind_of_request_no_article_serves_has_its_own_reply() -> None:
    """A speech to draft is not 「不在生态环境政策法规的范围内」: each kind says what it cannot do."""
    responses = yaml.safe_load(DOMAIN.read_text("utf-8"))["responses"]
    kinds = [*RequestKinds.load().examples, UNHELD, UNSTATED, UNCLASSED, UNLISTED]
    assert sorted(k for k in kinds if f"utter_unserved_{k}" not in responses) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("推荐几家靠谱的环评公司", "market"),
        ("我们上周交的申请现在审到哪一步了？", "case_status"),
        ("海洋环境保护法里对疏浚泥的处置有什么要求", UNHELD),
        ("VOCs治理专项扶持资金补贴比例是多少", UNSTATED),
        ("我们车间的工业CT探伤机属于几类射线装置", UNCLASSED),
        ("生态环境轻微违法违规行为免罚清单里具体有哪几项", UNLISTED),
    ],
)
def test_a_request_no_article_serves_gets_its_kinds_reply_and_no_item(text: str, kind: str) -> None:
    [message], slots = run(ActionSearchPolicy(), tracker_for(text))
    assert message["response"] == f"utter_unserved_{kind}"
    assert slots["pending_offer"] is None
    assert all("start_service" not in b["payload"] for b in message.get("buttons", []))


def test_a_question_for_the_bureaus_own_channels_is_answered_with_them() -> None:
    """No article states the bureau's switchboard: the channels it keeps in contacts.yml are shown."""
    [message], slots = run(ActionSearchPolicy(), tracker_for("区生态环境局的值班电话是多少，白天打谁"))
    assert message["response"] == "utter_unserved_contact"
    assert message["channels"] == Contacts.lines(load_contacts().consultation)
    assert slots["pending_offer"] is None


def test_a_report_heard_as_a_question_gets_the_reporting_channels() -> None:
    """A statement with a word of reporting that asks nothing is a report, whatever the NLU said."""
    tracker = tracker_for("实名检举：隔壁电镀作坊把废水直接倒进雨水井", slots={"pending_offer": "human"})
    messages, slots = run(ActionSearchPolicy(), tracker)
    assert [m["response"] for m in messages] == ["utter_report_guidance", "utter_report_reward"]
    assert slots["pending_offer"] is None and slots["last_clause_id"] is None

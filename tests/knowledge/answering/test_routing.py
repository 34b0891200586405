"""Every branch of the route from a question to a reply, without Rasa."""

from __future__ import annotations

import pytest

from knowledge.answering.consultation import Decision
from knowledge.answering.routing import Route, route
from knowledge.documents.records import Clause, Document, Hit
from knowledge.search.figures import UNSTATED
from knowledge.services.catalogue import ServiceItem, load_catalogue
from knowledge.services.enquiry import aspect_of
from knowledge.services.recognition import ItemScore, Recognition
from knowledge.services.references import ItemLinks

CATALOGUE = load_catalogue()


def item(item_id: str) -> ServiceItem:
    found = CATALOGUE.get(item_id)
    assert found is not None
    return found


PERMIT, MACHINERY, EIA, EIA_CHECK = (
    item(i) for i in ("pollutant_permit", "nonroad_machinery", "eia_approval", "eia_category_check")
)
HIT = Hit(Clause("d:第十四条", "d", "第十四条", (), "延续。", ()), Document("d", "排污许可管理条例", ""), 9.0)
ANSWER = Decision("answer", (HIT,))
NOTHING = Decision("no_answer")
NOT_SURE = Decision("not_sure", (HIT,))


def clear(service: ServiceItem) -> Recognition:
    return Recognition("clear", (ItemScore(service, 1.5, 1.0, 0.1), ItemScore(EIA, 0.2, 0.0, 0.05)))


AMBIGUOUS = Recognition("ambiguous", (ItemScore(EIA, 1.1, 0.7, 0.1), ItemScore(EIA_CHECK, 1.0, 0.7, 0.08)))


@pytest.mark.parametrize("decision", [ANSWER, NOT_SURE, NOTHING])
def test_an_aspect_of_a_clearly_named_item_gets_its_facts_whatever_search_found(decision: Decision) -> None:
    chosen = route(decision, clear(PERMIT), aspect=aspect_of("要什么材料"))
    assert chosen.kind == "item_facts" and chosen.items == (PERMIT,) and chosen.aspect is not None


def test_an_aspect_without_a_clear_item_is_a_question_for_search() -> None:
    assert route(ANSWER, Recognition("none"), aspect=aspect_of("要什么材料")).kind == "answer"
    assert route(ANSWER, AMBIGUOUS, aspect=aspect_of("要什么材料")).kind == "answer"


LOOSE = Recognition("ambiguous", (ItemScore(EIA, 0.66, 0.36, 0.07), ItemScore(EIA_CHECK, 0.43, 0.17, 0.07)))


@pytest.mark.parametrize("decision", [NOT_SURE, NOTHING])
def test_without_an_answer_an_aspect_of_the_one_loosely_named_item_gets_its_facts(decision: Decision) -> None:
    found = route(decision, LOOSE, aspect=aspect_of("报告书送审以后一般多少个工作日能拿到批复"), asks=True)
    assert (found.kind, found.items) == ("item_facts", (EIA,))


ELSEWHERE = Decision("no_answer", elsewhere="市场监督管理部门")
UNSERVED = Decision("no_answer", beyond_remit=True, unserved="market")


@pytest.mark.parametrize("decision", [ELSEWHERE, UNSERVED])
def test_a_declined_question_gets_no_items_facts_whatever_item_it_names(decision: Decision) -> None:
    """「公司刚拿到环评批复。营业执照经营范围变更去哪里办？」 is another department's question."""
    found = route(decision, clear(EIA), aspect=aspect_of("去哪里办"), asks=True)
    assert found.kind == "no_answer" and found.decision is decision


BEYOND = Decision("no_answer", beyond_remit=True)


def test_a_message_nearer_other_matters_gets_no_facts_of_an_item_it_names_loosely() -> None:
    """「外籍员工的工作签证快到期了，续签要准备哪些材料」 sounds like a renewal, of no permit of ours."""
    found = route(BEYOND, LOOSE, aspect=aspect_of("续签要准备哪些材料"), asks=True)
    assert found.kind == "offer_items" and found.aspect is None


def test_a_clearly_named_item_is_the_items_although_the_scope_check_leans_elsewhere() -> None:
    found = route(BEYOND, clear(EIA), aspect=aspect_of("要准备哪些材料"), asks=True)
    assert found.kind == "item_facts" and found.items == (EIA,)


def test_a_confident_clause_outranks_a_loosely_named_item_which_follows_as_a_button() -> None:
    found = route(ANSWER, LOOSE, aspect=aspect_of("能收哪些东西？去哪一级部门办"), asks=True)
    assert found.kind == "answer" and found.aspect is None and found.items == (EIA,)


def test_a_confident_clause_the_loosely_named_item_rests_on_gives_way_to_its_facts() -> None:
    """「环评报告表交上去了，审批大概要等多久」: the clause is the approval's own legal basis."""
    own = ItemLinks(resting_on={HIT.clause.clause_id: EIA})
    found = route(ANSWER, LOOSE, aspect=aspect_of("审批大概要等多久"), asks=True, links=own)
    assert (found.kind, found.items) == ("item_facts", (EIA,))
    other = ItemLinks(resting_on={HIT.clause.clause_id: PERMIT})
    assert route(ANSWER, LOOSE, aspect=aspect_of("审批大概要等多久"), asks=True, links=other).kind == "answer"


CHECK_BASIS = ItemLinks(resting_on={HIT.clause.clause_id: EIA_CHECK})


def test_of_close_items_the_one_the_confident_clause_rests_on_is_the_one_asked_about() -> None:
    """「环评分类自查这个功能收钱吗」: the category check and the approval are both close; the
    article search is sure of is the check's basis: that article, then the check's fee."""
    fee = aspect_of("这个功能收钱吗")
    found = route(ANSWER, AMBIGUOUS, aspect=fee, asks=True, links=CHECK_BASIS)
    assert (found.kind, found.items, found.aspect) == ("answer_and_facts", (EIA_CHECK,), fee)
    # not when search is unsure, nor when the clause is the basis of an item not among them
    assert route(NOT_SURE, AMBIGUOUS, aspect=fee, asks=True, links=CHECK_BASIS).kind != "answer_and_facts"
    permit_basis = ItemLinks(resting_on={HIT.clause.clause_id: PERMIT})
    assert route(ANSWER, AMBIGUOUS, aspect=fee, asks=True, links=permit_basis).kind == "answer"


def test_a_question_of_the_law_about_a_settled_item_keeps_its_clause_first() -> None:
    """「环评分类名录是哪个部门定的」 asks 哪个部门 of the law (国务院生态环境主管部门), not where
    to apply: the clause answers, the check's office and entry follow."""
    where = aspect_of("环评分类名录是哪个部门定的")
    assert where is not None and where.id == "where"
    found = route(ANSWER, AMBIGUOUS, aspect=where, asks=True, links=CHECK_BASIS)
    assert found.kind == "answer_and_facts" and found.decision.best == HIT


def test_an_answer_offers_the_item_the_message_clearly_names() -> None:
    chosen = route(ANSWER, clear(MACHINERY), aspect=None)
    assert chosen.kind == "answer" and chosen.offer == MACHINERY


def test_an_answer_from_a_clause_an_item_rests_on_offers_that_item() -> None:
    chosen = route(ANSWER, Recognition("none"), aspect=None, links=ItemLinks(resting_on={HIT.clause.clause_id: PERMIT}))
    assert chosen.kind == "answer" and chosen.offer == PERMIT


def test_an_answer_to_a_message_that_calls_close_items_to_mind_has_them_as_buttons() -> None:
    """「开个小汽修店要做环评吗」: the law answers; the category check and the approval follow."""
    chosen = route(ANSWER, AMBIGUOUS, aspect=None)
    assert chosen.kind == "answer" and chosen.items == (EIA, EIA_CHECK) and chosen.offer is None


def test_an_answer_about_nothing_in_the_catalogue_offers_nothing() -> None:
    chosen = route(ANSWER, Recognition("none"), aspect=None, links=ItemLinks(resting_on={"other:第一条": PERMIT}))
    assert chosen.kind == "answer" and chosen.offer is None and chosen.items == ()


@pytest.mark.parametrize("decision", [NOTHING, NOT_SURE])
def test_without_an_answer_a_clear_item_is_offered(decision: Decision) -> None:
    chosen = route(decision, clear(MACHINERY), aspect=None)
    assert chosen.kind == "offer_item" and chosen.offer == MACHINERY


def test_without_an_answer_close_items_are_offered_together() -> None:
    chosen = route(NOT_SURE, AMBIGUOUS, aspect=None)
    assert chosen.kind == "offer_items" and chosen.items == (EIA, EIA_CHECK) and chosen.offer is None


@pytest.mark.parametrize("decision", [NOTHING, NOT_SURE])
def test_otherwise_the_consultation_ladder_decides(decision: Decision) -> None:
    chosen = route(decision, Recognition("none"), aspect=None)
    assert chosen.kind == decision.kind and chosen.items == ()


def test_a_question_that_names_an_item_but_asks_about_the_law_keeps_its_candidates() -> None:
    """「工地打桩的泥浆能不能排到河里」: not sure with the candidate clauses, and the item's button."""
    chosen = route(NOT_SURE, clear(MACHINERY), aspect=None, asks=True)
    assert chosen.kind == "not_sure" and chosen.offer == MACHINERY


@pytest.mark.parametrize("recognition", [AMBIGUOUS, LOOSE])
def test_a_question_about_the_law_that_calls_items_to_mind_keeps_its_candidates(recognition: Recognition) -> None:
    """A question search is unsure of, that calls items to mind less clearly, still gets the
    candidate clauses, with the items' buttons: not an offer alone."""
    chosen = route(NOT_SURE, recognition, aspect=None, asks=True)
    assert chosen.kind == "not_sure" and chosen.items == tuple(recognition.offered)
    assert route(NOT_SURE, recognition, aspect=None, asks=False).kind == "offer_items"


def test_a_statement_about_an_item_is_offered_the_item() -> None:
    """「我们工地新到了几台装载机」 asks nothing: 您是想办理…吗？"""
    assert route(NOT_SURE, clear(MACHINERY), aspect=None, asks=False).kind == "offer_item"
    assert route(NOTHING, clear(MACHINERY), aspect=None, asks=True).kind == "offer_item"


def test_whether_an_item_is_needed_is_answered_from_a_confident_clause_before_its_facts() -> None:
    """「只有一台空压机，也要办排污许可证吗」: the law says whether; the item's facts follow."""
    need = aspect_of("只有一台空压机，也要办排污许可证吗")
    assert need is not None and need.id == "need"
    chosen = route(ANSWER, clear(PERMIT), aspect=need)
    assert chosen.kind == "answer_and_facts" and chosen.items == (PERMIT,) and chosen.aspect == need
    assert route(NOT_SURE, clear(PERMIT), aspect=need).kind == "item_facts"
    assert route(ANSWER, clear(PERMIT), aspect=aspect_of("要交钱吗")).kind == "item_facts"


PERIOD = Hit(
    Clause("c:第三十五条", "c", "第三十五条", (), "申请查询信息主体失信信息的期限为五年。", ()),
    Document("c", "上海市社会信用条例", ""),
    9.0,
)


def test_what_the_catalogue_leaves_to_a_placeholder_a_confident_clause_stating_it_answers_first() -> None:
    """The credit repair's time limit is a placeholder: 「失信信息的查询期限多久」 is answered by the
    article on the period, and the item's facts follow; a clause that states no period, or a
    stated aspect (its steps), leaves the facts first."""
    credit = item("credit_repair")
    period = aspect_of("失信信息查询期限多久")
    assert period is not None and period.id == "time_limit"
    assert credit.time_limit is not None and credit.time_limit.pending
    chosen = route(Decision("answer", (PERIOD,)), clear(credit), aspect=period)
    assert (chosen.kind, chosen.items, chosen.aspect) == ("answer_and_facts", (credit,), period)
    assert route(Decision("not_sure", (PERIOD,)), clear(credit), aspect=period).kind == "item_facts"
    assert route(ANSWER, clear(credit), aspect=period).kind == "item_facts"  # 「延续。」 states no period
    steps = aspect_of("具体流程是什么")
    assert route(Decision("answer", (PERIOD,)), clear(credit), aspect=steps).kind == "item_facts"


def test_a_request_no_article_serves_offers_no_item_it_names() -> None:
    """「推荐几家靠谱的环评公司」 is beyond the remit; the 环评 walk-through would not help."""
    market = Decision("no_answer", beyond_remit=True, unserved="market")
    assert route(market, clear(PERMIT), aspect=None) == Route("no_answer", market)
    # beyond the remit by resemblance only: the item the message clearly names is still offered
    resembling = Decision("no_answer", beyond_remit=True)
    assert route(resembling, clear(PERMIT), aspect=None).kind == "offer_item"


def test_a_figure_no_clause_states_is_the_clearly_named_items_fee_else_declined() -> None:
    """「叉车办环保标志要交钱吗，多少钱一台」: no clause states the amount, the item's facts do; a
    price asked of an item loosely called to mind, or with no aspect of it, stays declined."""
    unstated = Decision("no_answer", beyond_remit=True, unserved=UNSTATED)
    fee = aspect_of("要交钱吗，多少钱一台")
    assert fee is not None
    found = route(unstated, clear(MACHINERY), aspect=fee, asks=True)
    assert (found.kind, found.items) == ("item_facts", (MACHINERY,))
    assert route(unstated, LOOSE, aspect=fee, asks=True) == Route("no_answer", unstated)
    assert route(unstated, clear(MACHINERY), aspect=None, asks=True) == Route("no_answer", unstated)

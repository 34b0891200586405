from __future__ import annotations

from knowledge.answering.consultation import decide
from knowledge.documents.records import Clause, Document, Hit, SearchResult


def hit(label: str, score: float) -> Hit:
    return Hit(Clause(f"d:{label}", "d", label, (), "……"), Document("d", "某法"), score=score, coverage=0.1)


def test_an_off_topic_question_with_no_words_in_common_is_not_found() -> None:
    """The dense channel ranks every clause; an off-topic question must still hear "not found"."""
    hits = (hit("第一条", 0.0), hit("第二条", 0.0))
    assert decide(SearchResult("公积金贷款额度是多少", False, hits, similarity=0.8, on_topic=False)).kind == "no_answer"


def test_an_off_topic_question_is_offered_only_clauses_with_words_in_common() -> None:
    hits = (hit("第一条", 0.0), hit("第二条", 1.2), hit("第三条", 0.8))
    decision = decide(SearchResult("排污", False, hits, similarity=0.8, on_topic=False))
    assert decision.kind == "not_sure"
    assert [h.clause.label for h in decision.hits] == ["第二条", "第三条"]


def test_an_on_topic_question_gets_the_dense_channels_candidates() -> None:
    """「偷排」 shares few characters with 「通过暗管……逃避监管的方式排放」; meaning finds it."""
    decision = decide(SearchResult("偷排会怎样", False, (hit("第四十二条", 0.0),), similarity=0.9, on_topic=True))
    assert (decision.kind, decision.hits[0].clause.label) == ("not_sure", "第四十二条")


def test_an_accepted_result_is_answered() -> None:
    assert decide(SearchResult("排污", True, (hit("第一条", 3.0),))).kind == "answer"


def ranked(doc_id: str, relevance: float, score: float) -> Hit:
    document = Document(doc_id, f"{doc_id}法")
    return Hit(Clause(f"{doc_id}:第一条", doc_id, "第一条", (), "……"), document, score, 0.2, relevance)


def test_a_close_call_in_the_fused_ranking_between_two_documents_quotes_both_the_best_first() -> None:
    close = (ranked("a", 1.90, 2.0), ranked("b", 1.85, 1.0))
    decision = decide(SearchResult("q", True, close))
    assert (decision.kind, decision.best, decision.also) == ("answer", close[0], close[1])


def test_a_runner_up_that_only_the_words_favour_is_not_quoted() -> None:
    """The bigram channel prefers b, but all channels together rank a clearly first."""
    words_only = (ranked("a", 1.90, 2.0), ranked("b", 1.40, 2.5))
    decision = decide(SearchResult("q", True, words_only))
    assert (decision.kind, decision.hits, decision.also) == ("answer", words_only[:1], None)


def test_a_runner_up_ahead_in_relevance_means_a_reranker_chose_and_its_choice_stands() -> None:
    reranked = (ranked("a", 1.00, 2.0), ranked("b", 1.25, 2.0))
    decision = decide(SearchResult("q", True, reranked))
    assert (decision.kind, decision.hits, decision.also) == ("answer", reranked[:1], None)


def test_another_departments_question_gets_no_answer_naming_it_and_no_candidates() -> None:
    result = SearchResult(
        "营业执照地址变更", False, (hit("第一条", 3.0),), on_topic=False, elsewhere="市场监督管理部门"
    )
    decision = decide(result)
    assert (decision.kind, decision.hits, decision.elsewhere) == ("no_answer", (), "市场监督管理部门")

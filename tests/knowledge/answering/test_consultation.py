from __future__ import annotations

from knowledge.answering.consultation import decide
from knowledge.documents.records import Clause, Document, Hit, SearchResult


def hit(label: str, score: float) -> Hit:
    return Hit(Clause(f"d:{label}", "d", label, (), "……"), Document("d", "某法"), score=score, coverage=0.1)


def test_clauses_that_share_no_words_with_the_question_are_no_candidates() -> None:
    """The dense channel ranks every clause; an off-topic question must still hear "not found"."""
    assert (
        decide(SearchResult("公积金贷款额度是多少", False, (hit("第一条", 0.0), hit("第二条", 0.0)))).kind
        == "no_answer"
    )


def test_not_sure_offers_only_candidates_with_words_in_common() -> None:
    decision = decide(SearchResult("排污", False, (hit("第一条", 0.0), hit("第二条", 1.2), hit("第三条", 0.8))))
    assert decision.kind == "not_sure"
    assert [h.clause.label for h in decision.hits] == ["第二条", "第三条"]


def test_an_accepted_result_is_answered() -> None:
    assert decide(SearchResult("排污", True, (hit("第一条", 3.0),))).kind == "answer"

from __future__ import annotations

import pytest

from knowledge.answering.answer import compose_answer, excerpt
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer


def test_answer_quotes_the_relevant_sentence_with_a_citation(searcher: Searcher, tokenizer: Tokenizer) -> None:
    query = "临港的两证合一试点是什么意思？"
    answer = compose_answer(searcher.search(query), tokenizer.tokens(query))
    assert answer is not None
    assert "两证合一" in answer.excerpt
    assert len(answer.excerpt) < len(searcher.search(query).hits[0].clause.text)
    assert (
        answer.citation == "《关于持续创新生态环保举措精准服务经济高质量发展的若干措施》（沪环综〔2021〕224号）（二）"
    )
    assert answer.departments == "环评处、各区生态环境局"
    assert [(c.article, c.clause_id) for c in answer.citations] == [
        ("（二）", searcher.search(query).hits[0].clause.clause_id)
    ]


def test_no_answer_gives_none(searcher: Searcher, tokenizer: Tokenizer) -> None:
    assert compose_answer(searcher.search("怎么办理护照"), tokenizer.tokens("怎么办理护照")) is None


@pytest.mark.parametrize(
    ("text", "tokens", "expected"),
    [
        ("甲乙。丙丁。戊己。", ["丙丁"], "丙丁。"),
        ("甲乙。丙丁。戊己。", ["丙丁", "戊己"], "丙丁。戊己。"),
        ("没有标点的一句话", ["无关"], "没有标点的一句话"),
        # an enumerated item is quoted with the sentence that introduces it (on its own line or inline)
        (
            "第九条 有下列行为之一的，处一万元以下罚款：\n（一）超标排放的；\n（二）夜间施工未取得证明的。",
            ["夜间", "施工"],
            "第九条 有下列行为之一的，处一万元以下罚款：（二）夜间施工未取得证明的。",
        ),
        (
            "第五条 下列项目免于审批：（一）小型项目；（二）临时工程。",
            ["临时", "工程"],
            "第五条 下列项目免于审批：（二）临时工程。",
        ),
        # the clause's own label is not an item of something else
        ("（二）开展试点。深化改革。", ["开展", "试点"], "（二）开展试点。"),
    ],
)
def test_excerpt(text: str, tokens: list[str], expected: str) -> None:
    assert excerpt(text, tokens) == expected


def test_excerpt_is_bounded() -> None:
    assert len(excerpt("长" * 500 + "。", ["长"], max_chars=50)) == 50


def test_a_long_lead_in_is_shortened_but_the_item_is_kept_whole() -> None:
    quoted = excerpt("有下列情形之一的" + "，长" * 60 + "：（一）夜间施工的。", ["夜间"], max_chars=60)
    assert len(quoted) == 60 and quoted.endswith("…（一）夜间施工的。")


def test_an_item_that_fills_the_excerpt_gets_no_lead_in() -> None:
    item = "（一）" + "夜" * 60 + "。"
    assert excerpt("有下列情形之一的：" + item, ["夜"], max_chars=len(item)) == item

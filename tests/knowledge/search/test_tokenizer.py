from __future__ import annotations

import pytest

from knowledge.search.tokenizer import Tokenizer, normalise


@pytest.mark.parametrize(
    ("text", "must_contain"),
    [
        ("危废怎么处理", "危险废物"),
        ("排污证到期", "排污许可证"),
        ("EIA 报告", "环境影响评价"),
        ("ＶＯＣｓ排放", "挥发性有机物"),
        ("临港的两证合一试点", "两证合一"),
    ],
)
def test_aliases_expand_to_document_terms(tokenizer: Tokenizer, text: str, must_contain: str) -> None:
    assert must_contain in tokenizer.tokens(text)


def test_stopwords_and_punctuation_are_dropped(tokenizer: Tokenizer) -> None:
    assert tokenizer.tokens("请问，我们吗？") == []


@pytest.mark.parametrize(("raw", "folded"), [("ＡＢＣ１２３", "abc123"), ("　", " "), ("VOCs", "vocs")])
def test_normalise(raw: str, folded: str) -> None:
    assert normalise(raw) == folded

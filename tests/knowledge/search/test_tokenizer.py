from __future__ import annotations

import pytest
import yaml

from knowledge.documents.importer import DEFAULT_DOCUMENTS
from knowledge.search.tokenizer import DEFAULT_LEXICON, Tokenizer, chinese_bigrams, normalise
from tests.conftest import LAWS_DIR


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


def test_a_misspelt_term_meets_the_term_it_stands_for(tokenizer: Tokenizer) -> None:
    """knowledge/data/lexicon/misspellings.yml: pinyin typos are aliases of the term they mistype."""
    assert "湿垃圾" in tokenizer.tokens("湿拉圾一般放哪")
    assert {"台账"} <= set(tokenizer.tokens("台帐要留几年"))
    assert "监测" in tokenizer.tokens("在线监侧设备坏了")
    assert "垃圾" not in tokenizer.tokens("湿的东西放哪")


def test_no_misspelling_occurs_in_a_statute_or_the_seed() -> None:
    """Rule 1 of misspellings.yml: a misspelling read in a clause would lend it a term it lacks."""
    listed = yaml.safe_load((DEFAULT_LEXICON / "misspellings.yml").read_text("utf-8"))
    typos = {str(t) for aliases in listed.values() for t in aliases}
    assert len(typos) >= 100
    texts = [p.read_text("utf-8") for p in [*LAWS_DIR.glob("*.md"), *DEFAULT_DOCUMENTS.glob("*.txt")]]
    assert len(texts) == 40
    assert [t for t in sorted(typos) if any(t in text for text in texts)] == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("高温垃圾焚烧发电要环评吗", "湿垃圾"),
        ("厂房加固费用能抵税吗", "固废"),
        ("今年抽检侧重哪些行业", "检测"),
        ("重申批评的事", "审批"),
        ("洗澡声音太大", "噪声"),
        ("调整该排污许可证的内容", "整改"),
        ("通行证复议", "行政复议"),
    ],
)
def test_a_correct_sentence_lends_no_term_through_a_misspelling(tokenizer: Tokenizer, text: str, term: str) -> None:
    """Rule 2 of misspellings.yml: misspellings match as substrings, so none may sit inside right text."""
    assert term not in tokenizer.expansions(text)


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("邻居占车位", ["邻居", "居占", "占车", "车位"]),
        ("ＶＯＣｓ超标，罚款200元", ["超标", "罚款"]),  # Latin words, numbers and single characters left out
        ("排污许可证", ["排污", "污许", "许可", "可证"]),  # as written: no synonym expansions
        ("", []),
    ],
)
def test_chinese_bigrams_are_the_texts_own(text: str, grams: list[str]) -> None:
    assert chinese_bigrams(text) == grams

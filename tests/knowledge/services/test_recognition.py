"""Service items recognised from the way users name them, with and without the sentence encoder."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.search.e5_offline import E5OfflineModel
from knowledge.search.tokenizer import Tokenizer
from knowledge.services.catalogue import load_catalogue
from knowledge.services.recognition import LOOSE_DENSE, MAX_OFFERED, OFFER_SCORE, Recogniser


def e5_queries(texts: list[str]) -> np.ndarray:
    model = E5OfflineModel(threads=1)
    return np.asarray(model.encode(["query: " + t for t in texts], normalize_embeddings=True), dtype=np.float32)


@pytest.fixture(scope="module")
def recogniser(tokenizer: Tokenizer) -> Recogniser:
    return Recogniser(load_catalogue(), tokenizer, e5_queries)


@pytest.fixture(scope="module")
def lexical_only(tokenizer: Tokenizer) -> Recogniser:
    return Recogniser(load_catalogue(), tokenizer)


@pytest.mark.parametrize(
    ("message", "item"),
    [
        ("工地上新来了两台装载机", "nonroad_machinery"),  # the machine, not the item
        ("排污证明年三月到期，现在要做什么", "pollutant_permit"),  # the goal
        ("被罚款以后企业信用还能恢复吗", "credit_repair"),
        ("下周要去船厂做伽马射线探伤", "radioactive_source_filing"),
        ("办一下放射源的当日作业备案", "radioactive_source_filing"),  # the name with extra words
        ("举报查实了，奖金怎么领", "report_reward"),
    ],
)
def test_everyday_phrasing_is_recognised_clearly(recogniser: Recogniser, message: str, item: str) -> None:
    recognition = recogniser.recognise(message)
    assert recognition.kind == "clear"
    assert recognition.best is not None and recognition.best.id == item
    assert recognition.offered == [recognition.best]


@pytest.mark.parametrize("message", ["公司年会在哪里办比较好", "增值税发票怎么开", "你好"])
def test_messages_about_no_item_are_not_matched(recogniser: Recogniser, message: str) -> None:
    recognition = recogniser.recognise(message)
    assert recognition.kind == "none"
    assert recognition.best is None and recognition.offered == []


@pytest.mark.parametrize("message", ["废气处理选RTO好还是沸石转轮加CO好", "锅炉房的CO报警器多久校准一次"])
def test_one_shared_word_far_in_meaning_offers_no_item(recogniser: Recogniser, message: str) -> None:
    # CO (carbon monoxide) is a bigram of Co-60 in source filing's phrases: enough for an offer
    # by score, but the message is nowhere near the item in meaning (LOOSE_DENSE)
    best = recogniser.scores(message)[0]
    assert best.item.id == "radioactive_source_filing" and best.score >= OFFER_SCORE
    assert best.dense < LOOSE_DENSE
    assert recogniser.recognise(message).kind == "none"


def test_two_close_items_are_offered_together_never_the_whole_menu(recogniser: Recogniser) -> None:
    recognition = recogniser.recognise("环评的事想咨询一下")
    assert recognition.kind == "ambiguous"
    offered = {i.id for i in recognition.offered}
    assert offered >= {"eia_approval", "eia_category_check"}
    assert len(recognition.offered) <= MAX_OFFERED


def test_scores_rank_every_item_best_first(recogniser: Recogniser) -> None:
    scores = recogniser.scores("叉车环保标志")
    assert len(scores) == len(list(load_catalogue()))
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
    assert scores[0].lexical == pytest.approx(1.0) and scores[0].dense > 0


def test_the_lexical_channel_alone_still_finds_named_objects(lexical_only: Recogniser) -> None:
    recognition = lexical_only.recognise("我们有一台压路机")
    assert recognition.best is not None and recognition.best.id == "nonroad_machinery"
    assert all(s.dense == 0 for s in recognition.ranked)


def test_words_every_clause_uses_tell_little(tokenizer: Tokenizer) -> None:
    """环保 names no item: weighted by how informative it is in the knowledge base, it no longer
    makes 「环保税…」 look like 环保标志 or 环保信用."""
    generic = {"环保": 0.05}
    weighted = Recogniser(load_catalogue(), tokenizer, informativeness=lambda g: generic.get(g, 1.0))
    plain = Recogniser(load_catalogue(), tokenizer)
    message = "环保税的纳税申报地点在哪个窗口"
    assert weighted.scores(message)[0].lexical < plain.scores(message)[0].lexical
    assert weighted.recognise(message).kind == "none"


def test_synonyms_of_the_knowledge_base_count(lexical_only: Recogniser) -> None:
    """排污证 is the everyday word for 排污许可证 (the search lexicon's synonyms)."""
    assert lexical_only.scores("排污证")[0].item.id == "pollutant_permit"


@pytest.mark.parametrize(
    ("message", "lookalike"),
    [
        ("卫生许可证到了期怎么续", "卫生"),
        ("取水许可证要去哪里申请", "取水"),
        ("安全生产许可证过期了咋办", "安全生产"),
        ("特种设备作业人员证过期了去哪里复审", "特种设备作业人员"),
    ],
)
def test_what_only_looks_like_an_item_is_not_that_item(lexical_only: Recogniser, message: str, lookalike: str) -> None:
    """The catalogue's ``excludes``: another authority's permit or certificate is not the pollutant permit."""
    assert lexical_only.recognise(message).kind == "none"
    assert lexical_only.recognise(message.replace(lookalike, "排污")).best is not None


def test_a_wrong_credit_record_is_an_objection_not_a_repair(lexical_only: Recogniser) -> None:
    """An objection to a wrong record (上海市社会信用条例 第三十六条) is not the credit-repair item."""
    assert "credit_repair" not in [i.id for i in lexical_only.recognise("平台上的环保失信记录有误，想申请更正").offered]
    assert lexical_only.recognise("平台上的环保失信记录想申请修复").best.id == "credit_repair"

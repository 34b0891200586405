"""The rule/penalty preference in a real search: the issue's own example, both ways."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.documents.importer import import_paths
from knowledge.documents.library import Library
from knowledge.documents.questions import QuestionBank
from knowledge.search.builder import build_index
from knowledge.search.clause_kind import ClauseKinds
from knowledge.search.config import SearchConfig
from knowledge.search.focus import question_focus
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer
from tests.conftest import LAWS_DIR

NOISE_LAW = LAWS_DIR / "噪声污染防治法(2021-12-24).md"


def searcher_over(home: Path, tokenizer: Tokenizer, documents: list[Path]) -> Searcher:
    """A real index of ``documents`` alone, with no question bank: the preference alone."""
    paths = KnowledgePaths(home)
    library = Library.open(paths.library)
    import_paths(library, documents)
    library.db.conn.close()
    build_index(paths, tokenizer, questions=QuestionBank.empty())
    return Searcher(paths, tokenizer)


@pytest.fixture(scope="module")
def noise_law(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Searcher:
    return searcher_over(tmp_path_factory.mktemp("noise"), tokenizer, [NOISE_LAW])


def top(searcher: Searcher, query: str, preference: float) -> str:
    best = searcher.search(query, config=SearchConfig(penalty_preference=preference)).best
    assert best is not None
    return best.clause.label


def test_a_question_about_the_rule_meets_the_rule_not_the_fine(noise_law: Searcher) -> None:
    """第七十七条 fines night work without a permit; 第四十三条 is the rule that forbids it."""
    assert top(noise_law, "夜间能不能进行建筑施工", 0.0) == "第七十七条"  # what happened before
    assert top(noise_law, "夜间能不能进行建筑施工", SearchConfig().penalty_preference) == "第四十三条"


def test_a_question_about_the_consequence_still_meets_the_penalty(noise_law: Searcher) -> None:
    assert top(noise_law, "夜间施工没有取得证明会被怎么处罚", SearchConfig().penalty_preference) == "第七十七条"


def test_a_colloquial_question_about_the_consequence_meets_the_penalty(noise_law: Searcher) -> None:
    """会咋整, 被发现了: everyday ways of asking what follows; the rule shares more of its words,
    so a boost as small as the rule questions' demotion left the rule first."""
    query = "居民区边上晚上施工，被发现了会咋整"
    symmetric = noise_law.search(query, config=SearchConfig(penalty_preference=0.15, consequence_preference=0.15))
    assert symmetric.best is not None and symmetric.best.clause.label == "第四十三条"
    best = noise_law.search(query).best
    assert best is not None and best.clause.label == "第七十七条"


def test_a_fine_told_in_the_context_does_not_make_the_question_about_consequences(noise_law: Searcher) -> None:
    """The question inside the message decides: it asks whether night work is allowed."""
    best = noise_law.search("上个月夜间施工被罚过一次，这次夜间能不能进行建筑施工？").best
    assert best is not None and best.clause.label == "第四十三条"


def test_a_question_that_points_back_is_read_with_its_context(noise_law: Searcher) -> None:
    """「怎么办？」 asks nothing alone: the context says what it asks about, a night-work fine."""
    best = noise_law.search("夜间施工没办证被查到了。怎么办？").best
    assert best is not None and best.clause.label == "第七十七条"


@pytest.fixture(scope="module")
def noise_and_penalty_law(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Searcher:
    documents = [NOISE_LAW, LAWS_DIR / "行政处罚法(2021-01-22).md"]
    return searcher_over(tmp_path_factory.mktemp("noise-penalty"), tokenizer, documents)


def test_a_question_how_penalties_work_meets_the_general_rule_not_a_fine(noise_and_penalty_law: Searcher) -> None:
    """「还能从轻吗」 asks 行政处罚法's rule on mitigation, not what 第七十七条 imposes: it is no
    consequence question, so penalty articles are not lifted for it (they were, and 第七十七条 won)."""
    best = noise_and_penalty_law.search("夜里施工被罚了，还能从轻吗").best
    assert best is not None and (best.document.title, best.clause.label) == ("中华人民共和国行政处罚法", "第三十二条")


def penalty_and_regime(message: str, *, told: str | None = None) -> list[float]:
    """The factors of a penalty clause and of a clause of the law on penalties for the question in
    ``message``, read in ``told`` (the whole message unless given)."""
    kinds = ClauseKinds(np.array([True, False]), np.zeros(2, bool), np.array([False, True]))
    config = SearchConfig(penalty_preference=0.15, consequence_preference=0.5, regime_preference=0.3)
    return kinds.factors(question_focus(message), config, message=told or message).round(2).tolist()


@pytest.mark.parametrize(
    "message",
    [
        "三年前有一次夜里施工噪声超标，当时没人发现，现在还会被追究处罚吗？",
        "两年多以前的事了，当时没被查到，后来也改了，现在还会罚吗",
    ],
)
def test_an_old_offence_told_in_the_context_asks_the_limitation_period(message: str) -> None:
    """The years and the offence unnoticed are told before the question (「现在还会被追究处罚吗」):
    read in the whole message they ask 行政处罚法's limitation period, so a statute's fine is not
    lifted and the law on penalties is."""
    assert penalty_and_regime(message) == [0.85, 1.3]
    assert penalty_and_regime(message, told=question_focus(message)) == [1.5, 1.0]


@pytest.mark.parametrize(
    "message",
    ["一年前买的非道路移动机械没有登记编码，现在用会被罚款吗", "自行监测一直没发现超标，这次监督性监测超标了还会罚吗"],
)
def test_a_year_or_an_unnoticed_reading_is_no_limitation_question(message: str) -> None:
    """The year dates a purchase, and no one failed to notice an offence: a statute's fine is asked."""
    assert penalty_and_regime(message) == [1.5, 1.0]


@pytest.mark.parametrize(
    "message",
    [
        "初次检查发现危废间的标识掉了，我们马上补好了，这样还要罚款吗",
        "排气管裂了我们主动报告了环保局，也立刻修好了，还会不会被罚",
        "违法行为过了几年就不追究了",
        "超过两年还罚不罚",
        "首违，已经纠正了，会不会罚款",
        "会不会被环保和城管各罚几次",
    ],
)
def test_a_first_offence_put_right_or_an_old_one_asks_the_rules_on_not_fining(message: str) -> None:
    """A first offence put right, a fault reported and mended unasked, or how many years until no
    one is fined: 行政处罚法's rules on not fining, fining less or the limitation period."""
    assert penalty_and_regime(message) == [0.85, 1.3]


@pytest.mark.parametrize(
    "message",
    [
        "第一次提交年度执行报告晚了两天，会被罚吗",
        "漏水以后没有主动报告，会怎么罚",
        "无证排污的话，单位和负责人各罚多少",
        "第一次超标被责令改正，没有改正会怎么罚",
        "首次检查发现问题要求整改，整改不到位罚多少",
        "发生突发环境事件要主动报告，迟报瞒报怎么罚",
        "整改一年后还超标会罚吗",
        "厂里的废机油我们自己处理好了，会被罚吗",
    ],
)
def test_a_first_report_late_not_reporting_or_each_ones_fine_asks_a_statutes_fine(message: str) -> None:
    """A first report that is late, a correction ordered or not made, not reporting, a year told of
    something else, and what the unit and its head are each fined: what the statute imposes."""
    assert penalty_and_regime(message) == [1.5, 1.0]


@pytest.fixture(scope="module")
def census_law(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Searcher:
    return searcher_over(tmp_path_factory.mktemp("census"), tokenizer, [LAWS_DIR / "全国污染源普查条例(2019-03-02).md"])


def order(searcher: Searcher, query: str, labels: tuple[str, str]) -> list[str]:
    """``labels`` in the order search ranks them."""
    return order_with(searcher, query, labels, SearchConfig())


def order_with(searcher: Searcher, query: str, labels: tuple[str, str], config: SearchConfig) -> list[str]:
    ranked = [h.clause.label for h in searcher.search(query, k=20, config=config).hits]
    return sorted(labels, key=lambda label: ranked.index(label) if label in ranked else len(ranked))


def test_whether_something_may_serve_to_fine_meets_the_rule_on_it_not_a_fine(census_law: Searcher) -> None:
    """「普查时报的排放量，会被环保拿来罚吗」 asks what a fine may rest on: 第三十五条 says census data
    may not; the penalty article 第三十九条 shares 罚 and used to be lifted above it."""
    both = ("第三十五条", "第三十九条")
    assert order(census_law, "普查时报上去的排放量，会被环保拿来罚吗", both) == ["第三十五条", "第三十九条"]
    assert order(census_law, "普查时报上去的排放量不实，会被环保罚吗", both) == ["第三十九条", "第三十五条"]


def test_a_question_about_a_subject_meets_its_rule_not_its_definition(noise_law: Searcher) -> None:
    """The issue's example: 第八十八条 only says what words such as 夜间 mean, and names them
    plainly, so it matched 「晚上施工噪声有什么规定」 best; 第四十三条 is the rule on night work."""
    both = ("第八十八条", "第四十三条")
    query = "晚上施工噪声有什么规定"
    assert order_with(noise_law, query, both, SearchConfig(definition_preference=0.0)) == ["第八十八条", "第四十三条"]
    assert order(noise_law, query, both) == ["第四十三条", "第八十八条"]


def test_a_question_what_a_word_means_still_meets_the_definition(noise_law: Searcher) -> None:
    """Even a demotion strong enough to sink 第八十八条 below any rule leaves it alone for 是指."""
    config = SearchConfig(definition_preference=0.9)
    both = ("第八十八条", "第四十三条")
    assert order_with(noise_law, "噪声法里的夜间是指几点到几点", both, config) == ["第八十八条", "第四十三条"]


@pytest.fixture(scope="module")
def permit_and_penalty_law(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Searcher:
    documents = [LAWS_DIR / "行政许可法(2019-04-23).md", LAWS_DIR / "行政处罚法(2021-01-22).md"]
    return searcher_over(tmp_path_factory.mktemp("permit-penalty"), tokenizer, documents)


def test_a_question_how_penalties_work_prefers_the_law_on_penalties(permit_and_penalty_law: Searcher) -> None:
    """Both laws provide hearings, with their own time limits: a hearing on a fine is 行政处罚法's."""
    query = "被罚了以后想申请听证，多少天内要提"
    off = permit_and_penalty_law.search(query, config=SearchConfig(regime_preference=0.0)).best
    assert off is not None and off.document.title == "中华人民共和国行政许可法"
    best = permit_and_penalty_law.search(query).best
    assert best is not None and (best.document.title, best.clause.label) == ("中华人民共和国行政处罚法", "第六十四条")


@pytest.fixture(scope="module")
def air_and_water_law(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Searcher:
    documents = [LAWS_DIR / "上海市大气污染防治条例(2018-12-20).md", LAWS_DIR / "水污染防治法(2017-06-27).md"]
    return searcher_over(tmp_path_factory.mktemp("air-water"), tokenizer, documents)


def test_a_question_about_waste_water_prefers_the_water_law(air_and_water_law: Searcher) -> None:
    """Both laws require key dischargers' online monitors to be networked; the air law's article
    says so in fewer words and came first. The question names waste water, so the air law ranks lower."""
    query = "重点排污单位废水在线监测要联网吗"
    off = air_and_water_law.search(query, config=SearchConfig(medium_preference=0.0)).best
    assert off is not None and off.document.title == "上海市大气污染防治条例"
    best = air_and_water_law.search(query).best
    assert best is not None and (best.document.title, best.clause.label) == ("中华人民共和国水污染防治法", "第二十三条")


def test_a_question_that_names_no_medium_is_ranked_as_before(air_and_water_law: Searcher) -> None:
    """A guard, not a check of the preference: it passes with the preference off, and fails if
    the preference ever scales a question that names no medium."""
    query = "重点排污单位在线监测要联网吗"
    off = air_and_water_law.search(query, config=SearchConfig(medium_preference=0.0))
    on = air_and_water_law.search(query)
    assert [h.clause.clause_id for h in on.hits] == [h.clause.clause_id for h in off.hits]

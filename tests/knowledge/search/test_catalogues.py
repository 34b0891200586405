"""A class asked for a thing the clauses found do not name (knowledge/search/catalogues.py)."""

from __future__ import annotations

import pytest

from knowledge.search.catalogues import UNCLASSED, UNLISTED, asked_class, named_things, unclassed, unlisted

DEVICES = "国家对放射源和射线装置实行分类管理。将射线装置分为Ⅰ类、Ⅱ类、Ⅲ类，具体分类办法由国务院生态环境主管部门制定。"
REFUSE = "有害垃圾，是指废电池、废灯管、废药品、废油漆及其容器等对人体健康或者自然环境造成危害的生活废弃物。"
LAB = "高等学校、科研机构等单位的实验室产生的危险废物，应当依法收集、贮存、运输、利用和处置。"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("探伤机属于几类射线装置", "属于几类"),
        ("废砂轮片算不算危废", "算不算危废"),
        ("洗车店要编报告表还是登记表", "报告表还是登记表"),
        ("电镀线是重点管理还是简化管理", "重点管理还是简化管理"),
        ("外卖餐盒按干垃圾扔吗", "按干垃圾"),
        # how a class is decided, or where it is listed, is the law's
        ("怎么判断是不是危险废物", None),
        ("危险废物名录在哪里能查到", None),
        ("分类管理名录是谁定的，报告表还是登记表谁说了算", None),
        # a class word that names a licence, a store or a kind of unit, not a class asked
        ("按危废经营许可证规定的范围经营", None),
        ("危废贮存场所要设标志吗", None),
        ("被列为重点排污单位的企业要公开哪些信息", None),
        ("我们属于简化管理的，许可证多久能批", None),
        ("这种行为属于哪类违法", None),  # no catalogue's class
        ("电镀企业列入重点排污单位后要装在线监测吗", None),  # a class taken as given
        ("用过的口罩是干垃圾吗", "是干垃圾"),
        # whether a thing is on a list (名录, 清单); how to look that up is the law's
        ("甲苯在不在有毒有害大气污染物名录里", "在不在有毒有害大气污染物名录"),
        ("废活性炭有没有列入豁免管理目录", "有没有列入豁免管理目录"),
        ("我们这个行业是不是在市场准入负面清单里", None),
        ("牙科诊所拔下来的牙算医疗废物吗", "算医疗废物"),
        ("废酸给下游当原料，能不能不按危废管", None),  # a class taken as given
        ("去哪查废活性炭在不在危废名录里", None),
        ("怎么查我们厂有没有列入重点排污单位名录", None),
        # a class with the catalogue named between (属于危废名录里哪个类别), numbered classes, a code
        ("喷漆渣属于危废名录里哪个类别", "属于危废名录里哪个类别"),
        ("这台探伤机算Ⅱ类还是Ⅲ类射线装置", "Ⅱ类还是Ⅲ类"),
        ("废乳化液的废物代码是多少", "废物代码是多少"),
        ("统一社会信用代码是什么", None),  # a code that is no catalogue's
        # chemicals' lists (剧毒化学品, 危险化学品), not a firm or a store of them
        ("过氧乙酸算不算危险化学品", "算不算危险化学品"),
        ("是不是危险化学品仓库都要做环评", None),
    ],
)
def test_the_class_a_question_asks(question: str, asked: str | None) -> None:
    assert asked_class(question) == asked


def test_the_things_named_leave_out_the_asker_the_place_and_the_catalogue() -> None:
    assert named_things("我们厂在上海，注塑件生产在环评名录里是做报告表还是登记表", "报告表还是登记表") == ["注塑件"]
    assert named_things("请问我们公司属于哪一类", "属于哪一类") == []


@pytest.mark.parametrize(
    ("message", "clauses", "kind"),
    [
        ("工业CT探伤机属于几类射线装置", [DEVICES], UNCLASSED),
        ("用完的硒鼓墨盒算有害垃圾还是可回收物", [REFUSE], UNCLASSED),
        ("小区收上来的废灯管算不算有害垃圾", [REFUSE], None),  # the clause lists it
        ("我是高校实验室的管理员，废试剂这些要不要按危废来管", [LAB], None),  # named before the question
        ("废灯管算不算有害垃圾", ["生活垃圾应当分类投放。", REFUSE], None),  # the runner-up lists it
        ("我们厂属于哪类射线装置管理", [DEVICES], None),  # names no thing in particular
        ("射线装置分几类", [DEVICES], None),  # asks the law's classes
        # a place's zone: the government's zoning, not the law, names it
        ("我们厂在莘庄工业区，属于几类声环境功能区", ["县级以上地方人民政府划定声环境功能区。"], UNCLASSED),
        ("工业CT探伤机属于几类射线装置", [], None),  # nothing found to quote
    ],
)
def test_a_class_is_declined_only_when_the_clauses_do_not_name_the_thing(
    message: str, clauses: list[str], kind: str | None
) -> None:
    assert unclassed(message, clauses) == kind


def test_an_article_that_names_the_class_and_the_thing_answers_wherever_it_ranked() -> None:
    """The article listing 废纸张 among 可回收物 ranked below those on sorting and collecting."""
    recyclable = "可回收物，是指废纸张、废塑料、废玻璃制品、废金属、废织物等适宜回收、可循环利用的生活废弃物。"
    found = ["单位应当将生活垃圾分别投放至相应的收集容器。", "可回收物应当交售至回收服务点。"]
    assert unclassed("公司的废纸箱属于可回收物吗", found, held=[DEVICES, recyclable]) is None
    assert unclassed("用完的硒鼓墨盒算可回收物吗", found, held=[DEVICES, recyclable]) == UNCLASSED


def test_the_thing_asked_about_is_named_by_its_own_words_not_its_setting() -> None:
    """The last thing named is what the class is asked of; words before it (the lab, the works)
    are named only by the clauses found, not by every article on the class."""
    hazardous = ["危险废物应当分类收集、贮存。"]
    every_article = ["废铅蓄电池等含铅废物属于危险废物。"]
    message = "旧蓄电池拆下来的隔板算不算危险废物"
    assert unclassed(message, hazardous, held=every_article) == UNCLASSED
    assert unclassed(message, [*hazardous, *every_article]) is None  # found: the setting is named
    assert unclassed("旧蓄电池算不算危险废物", hazardous, held=every_article) is None


def test_a_word_common_in_the_knowledge_base_names_no_thing() -> None:
    """检测 is in hundreds of clauses: 「…检测仪」 is not named by an article that speaks of testing."""
    common = {"检测": 0.4}

    def informative(bigram: str) -> float:
        return common.get(bigram, 1.0)

    found = ["射线装置的检测机构应当具备相应条件。", DEVICES]
    assert unclassed("便携式X荧光检测仪属于几类射线装置", found, informative=informative) == UNCLASSED
    assert unclassed("便携式X荧光检测仪属于几类射线装置", found) is None  # every bigram names


LENIENCY = "落实《生态环境轻微违法违规行为免罚清单》，并根据实施效果，动态调整免罚清单事项范围。"
RECALL = "国家对列入强制回收名录的产品和包装物实行强制回收。强制回收的产品和包装物包括下列种类：（一）……"


@pytest.mark.parametrize(
    ("message", "clauses", "kind"),
    [
        ("免罚清单里具体有哪几项", [LENIENCY], UNLISTED),
        ("我们被查了，想问免罚清单都有什么，排污口没挂牌在不在里面", [LENIENCY], UNLISTED),
        ("白名单企业有哪些", ["国家建立车用动力电池等产品的生产者责任延伸制度。"], UNLISTED),
        ("强制回收名录里有哪些产品", [RECALL], None),  # the clause lists them
        ("免罚清单有哪些内容", [LENIENCY], None),  # what it is about: the article setting it up says
        ("严重失信名单有哪些惩戒措施", ["对严重失信主体可以依法采取惩戒措施。"], None),  # what follows from it
        ("哪些企业要列入重点排污单位名录", ["重点排污单位名录由生态环境主管部门确定。"], None),  # who is taken in
        ("免罚清单去哪里查有哪些", [LENIENCY], None),  # where to look
        ("免罚清单里具体有哪几项", [], None),  # nothing found to quote
        ("免罚清单一共有多少条", [LENIENCY], UNLISTED),  # how many items it holds
    ],
)
def test_a_lists_contents_are_declined_only_when_the_best_clause_lists_none(
    message: str, clauses: list[str], kind: str | None
) -> None:
    assert unlisted(message, clauses) == kind

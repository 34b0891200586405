"""Which laws and standards a message names that the knowledge base does not hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.documents.library import Library
from knowledge.documents.parser import parse_text
from knowledge.search.builder import build_index
from knowledge.search.holdings import UNHELD, Holdings
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer
from tests.conftest import LAWS_DIR, SEED_TITLE


def statute_titles() -> list[str]:
    """The default knowledge's titles, as the importer gives them (national laws under 中华人民共和国)."""
    names = [path.stem.split("(")[0] for path in sorted(LAWS_DIR.glob("*.md"))]
    return [f"中华人民共和国{n}" if n.endswith("法") else n for n in names] + [SEED_TITLE]


HELD = Holdings.of(statute_titles())


@pytest.mark.parametrize(
    "text",
    [
        "环保法里对企业有什么基本义务",
        "新《环保法》第五十九条说的按日计罚怎么算",
        "按照大气法规定，喷漆房要密闭吗",
        "固废法第八十一条讲的是什么",
        "上海市环保条例对台账保存期限有要求吗",
        "排污条例里简化管理的单位要交执行报告吗",
        "《危废经营许可证管理办法》对收集单位有什么要求",
        "我们是医院放射科，这些算核安全法里说的核设施吗",
        "根据行政处罚法第三十三条，首次违法能不能不罚",
        "一网通办的决定里说窗口不能再要纸质材料吗",
        "《中华人民共和国长江保护法》对化工园区有什么规定",
        # a verb or the company before the full name (a cold review's counterexamples)
        "企业违反环境保护法规定的，会怎么处罚",
        "没执行排污许可管理条例规定的要处罚吗",
        "企业违反上海市环保条例规定怎么罚",
        "上海垃圾分类条例对单位有什么要求",
        "新处罚法对首违不罚有规定吗",
        "我们执行GB 16297，排污许可证多久要延续",  # the code is context, not what is asked
    ],
)
def test_a_held_document_named_in_any_common_way_is_held(text: str) -> None:
    assert HELD.unheld(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("安全生产法对主要负责人的培训有什么要求", "安全生产法"),
        ("《森林法》对厂区里砍伐树木有什么规定", "森林法"),
        ("民法典第一千二百三十四条说的生态修复责任怎么理解", "民法典"),
        ("刑法第三百三十八条的入罪标准是什么", "刑法"),
        ("职业病防治法里粉尘岗位多久体检一次", "职业病防治法"),
        ("GB 16297对颗粒物的限值是多少", "GB16297"),
        ("HJ 2.2导则里评价等级怎么判定", "HJ2.2"),
        ("DB31/933 里非甲烷总烃限值多少", "DB31933"),
        # named only by the kind of document a held title ends in (管理办法): not held
        ("《上海市工业固体废物综合利用管理办法》对企业有什么要求", "工业固体废物综合利用管理办法"),
    ],
)
def test_a_document_the_knowledge_base_lacks_is_named(text: str, name: str) -> None:
    assert HELD.unheld(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "活性污泥法里污泥龄一般控制多少天",  # a method
        "违法排污会被怎么处理",
        "有什么办法可以减少VOCs排放",
        "地方条例对某个违法行为规定了罚款，国家法律没写，可以这样设定吗",
        "超过GB 8978排放会被怎么罚",  # what follows from exceeding a standard is the law's
        "《建设项目环境影响评价分类管理名录》里我们属于哪一类",  # the EIA category item's subject
    ],
)
def test_what_names_no_unheld_document_is_left_alone(text: str) -> None:
    assert HELD.unheld(text) is None


def test_a_document_is_held_from_the_build_that_imports_it(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """What is held is read from the live index: staff importing a law makes questions about it the bureau's."""
    paths = KnowledgePaths(tmp_path)
    build_index(paths, tokenizer)
    searcher = Searcher(paths, tokenizer)
    question = "土壤污染防治法里对建设用地的调查有什么规定"
    assert searcher.declined(question) == (None, UNHELD)

    law = LAWS_DIR / "土壤污染防治法(2018-08-31).md"
    Library.open(paths.library).upsert(parse_text(law.read_text("utf-8"), source=law.name))
    build_index(paths, tokenizer)

    assert searcher.reload_if_changed()
    assert searcher.declined(question) == (None, None)

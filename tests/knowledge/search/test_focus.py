"""The question inside a context-heavy message, and the coverage measured on it."""

from __future__ import annotations

import pytest

from knowledge.search.focus import question_focus
from knowledge.search.searcher import Searcher


@pytest.mark.parametrize(
    ("message", "focus"),
    [
        ("我们在临港，做汽车零部件的。两证合一试点是什么意思？", "两证合一试点是什么意思？"),
        ("我们厂在闵行，去年扩建了一条线，排污许可证要不要重新申请", "排污许可证要不要重新申请"),
        ("两证合一试点是什么意思", "两证合一试点是什么意思"),
        ("我们是做电镀的，在金山", "我们是做电镀的，在金山"),  # nothing asked: all of it
        ("环评要做吗？排污证要办吗？", "环评要做吗？排污证要办吗？"),  # all asks: all of it
        ("罚款上个月就交了，信用修复办好了没", "信用修复办好了没"),  # 没 at a clause's end asks
        ("罚款上个月就交了，证书还没", "罚款上个月就交了，证书还没"),  # 还没 says "not yet"
        ("我们在嘉定做喷涂的，环评批了五年没开工，还作数伐", "还作数伐"),  # Shanghainese 伐 asks
        ("厂区绿化带要砍伐，树是我们自己种的", "厂区绿化带要砍伐，树是我们自己种的"),  # 砍伐 asks nothing
        ("标志牌应该多大尺寸，立式的，安装高度多少", "标志牌应该多大尺寸，安装高度多少"),  # 多大 asks too
    ],
)
def test_the_asking_segments_are_the_focus(message: str, focus: str) -> None:
    assert question_focus(message) == focus


def test_context_no_longer_dilutes_the_coverage_of_the_answering_clause(searcher: Searcher) -> None:
    bare = searcher.search("两证合一试点是什么意思？").hits[0]
    with_context = searcher.search("我们是在临港新片区做汽车零部件的一家企业，去年刚投产。两证合一试点是什么意思？")
    assert with_context.hits[0].clause.clause_id == bare.clause.clause_id
    assert with_context.hits[0].coverage == pytest.approx(bare.coverage, abs=0.05)

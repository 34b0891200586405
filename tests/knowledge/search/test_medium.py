"""The media lexicon: which law governs which medium, which media a question names."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.medium import Media, MediaError
from tests.conftest import LAWS_DIR


@pytest.fixture(scope="module")
def media() -> Media:
    return Media.load()


def test_each_law_of_one_medium_is_governed_by_it_and_general_laws_by_none(media: Media) -> None:
    """Over the bundled statutes' titles, as the importer names them (file name, before the date)."""
    governed = {path.name.split("(")[0]: media.governed(path.name.split("(")[0]) for path in LAWS_DIR.glob("*.md")}
    assert governed["大气污染防治法"] == governed["上海市大气污染防治条例"] == "air"
    water = ("水污染防治法", "上海市饮用水水源保护条例", "上海市排水与污水处理条例", "上海市河道管理条例")
    assert {governed[law] for law in water} == {"water"}
    assert governed["固体废物污染环境防治法"] == governed["危险废物经营许可证管理办法"] == "solid"
    assert governed["放射性废物安全管理条例"] == governed["核安全法"] == "radiation"  # 废物 there is radioactive
    assert governed["噪声污染防治法"] == "noise" and governed["土壤污染防治法"] == "soil"
    general = ("环境保护法", "上海市环境保护条例", "长江保护法", "行政处罚法", "排污许可管理条例", "环境影响评价法")
    for law in general:
        assert governed[law] is None, law


def test_a_question_names_the_media_it_mentions_in_everyday_words(media: Media) -> None:
    assert media.named("车间VOCs废气怎么处理") == {"air"}
    assert media.named("晚上施工太吵了") == {"noise"}
    assert media.named("储罐漏了，废水流进河里") == {"water"}
    assert media.named("废切削液交给没资质的人拉走了") == {"solid"}


def test_words_that_name_more_than_a_medium_are_not_read_as_one(media: Media) -> None:
    """核发 and 审核 are no nuclear matter; a lorry's 渣土 may be dust or waste."""
    assert media.named("排污许可证核发要多久，审核通过后怎么领") == frozenset()
    assert media.named("渣土车没盖严实会被罚吗") == frozenset()


def test_no_file_means_no_media(tmp_path: Path) -> None:
    media = Media.load(tmp_path / "absent.yml")
    assert media.named("废水") == frozenset() and media.governed("中华人民共和国水污染防治法") is None


MALFORMED = [
    "- air\n",
    "air: [大气]\n",
    "air:\n  titles: [大气]\n",
    "air:\n  titles: []\n  words: [废气]\n",
    "air: {titles: [1], words: [废气]}\n",
    "air: [",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_a_malformed_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "media.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(MediaError, match=r"media\.yml"):
        Media.load(path)

"""The media lexicon: which law governs which medium, which media a question names."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.medium import Media, MediaError
from tests.conftest import LAWS_DIR


@pytest.fixture(scope="module")
def media() -> Media:
    return Media.load()


GOVERNED = {
    "大气污染防治法": "air",
    "上海市大气污染防治条例": "air",
    "水污染防治法": "water",
    "上海市饮用水水源保护条例": "water",
    "上海市排水与污水处理条例": "water",
    "上海市河道管理条例": "water",
    "固体废物污染环境防治法": "solid",
    "危险废物经营许可证管理办法": "solid",
    "上海市生活垃圾管理条例": "solid",
    "噪声污染防治法": "noise",
    "放射性污染防治法": "radiation",
    "放射性废物安全管理条例": "radiation",  # 废物 there is radioactive
    "放射性同位素与射线装置安全和防护条例": "radiation",
    "核安全法": "radiation",
    "土壤污染防治法": "soil",
}


def test_each_bundled_law_of_one_medium_is_governed_by_it_and_every_other_by_none(media: Media) -> None:
    """All the bundled statutes, titled as in the knowledge base (national laws with
    中华人民共和国): a new law whose title names a medium shows up here."""
    for path in LAWS_DIR.glob("*.md"):
        law = path.name.split("(")[0]
        for title in (law, "中华人民共和国" + law):
            assert media.governed(title) == GOVERNED.get(law), title


def test_a_question_names_the_media_it_mentions_in_everyday_words(media: Media) -> None:
    assert media.named("车间VOCs废气怎么处理") == {"air"}
    assert media.named("晚上施工太吵了") == {"noise"}
    assert media.named("储罐漏了，废水流进河里") == {"water"}
    assert media.named("废切削液交给没资质的人拉走了") == {"solid"}


def test_words_that_name_more_than_a_medium_are_not_read_as_one(media: Media) -> None:
    """核发 and 审核 are no nuclear matter, nor 钴酸锂 batteries; a lorry's 渣土 may be dust or waste."""
    assert media.named("排污许可证核发要多久，审核通过后怎么领") == frozenset()
    assert media.named("复核安全距离，审核设施验收材料") == frozenset()
    assert media.named("钴酸锂电池厂要办什么手续") == frozenset()
    assert media.named("渣土车没盖严实会被罚吗") == frozenset()


def test_a_word_of_two_media_names_both(media: Media) -> None:
    assert media.named("地下水超标怎么办") == {"water", "soil"}
    assert media.named("污水处理厂的污泥怎么处置") == {"water", "solid"}


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

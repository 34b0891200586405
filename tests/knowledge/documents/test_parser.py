from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.documents.parser import ParseError, clean_lines, parse_text, split_departments
from tests.conftest import LAWS_DIR, SEED_DOC_NO, SEED_FILE, SEED_TITLE

CN_LABELS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
             "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八"]  # fmt: skip


@pytest.fixture(scope="module")
def seed():
    return parse_text(SEED_FILE.read_text("utf-8"), source=str(SEED_FILE))


def test_seed_metadata(seed) -> None:
    doc = seed.document
    assert (doc.title, doc.doc_no, doc.issuer, doc.issued_on) == (
        SEED_TITLE,
        SEED_DOC_NO,
        "上海市生态环境局",
        "2021-10-10",
    )


def test_seed_has_its_18_measures_in_order(seed) -> None:
    assert [c.label for c in seed.clauses] == [f"（{n}）" for n in CN_LABELS]


@pytest.mark.parametrize(
    ("label", "heading", "departments", "starts"),
    [
        (
            "（一）",
            "一、深化行政审批制度改革",
            ("环评处", "监测处", "各区生态环境局"),
            "（一）进一步深化环评制度改革。",
        ),
        ("（二）", "一、深化行政审批制度改革", ("环评处", "各区生态环境局"), "（二）开展排污许可和环评衔接试点。"),
        ("（七）", "二、优化生态环境执法监管", ("执法处", "执法总队", "各区生态环境局"), "（七）强化分类分级监管。"),
        ("（十二）", "三、强化企业服务和保障", ("各有关处室", "各区生态环境局"), "（十二）畅通企业服务渠道"),
        ("（十八）", "四、提升企业绿色低碳发展能力", ("综合处", "各区生态环境局"), "（十八）积极开展"),
    ],
)
def test_seed_clause_fields(seed, label: str, heading: str, departments: tuple[str, ...], starts: str) -> None:
    clause = next(c for c in seed.clauses if c.label == label)
    assert clause.headings == (heading,)
    assert clause.departments == departments
    assert clause.text.startswith(starts)
    assert not clause.text.endswith("）")  # departments are taken off the text


def test_seed_watermark_and_wraps_are_gone(seed) -> None:
    joined = "".join(c.text for c in seed.clauses)
    assert "本文来自网络" not in joined
    measure_one = seed.clauses[0].text
    assert "实施环评“降等”" in measure_one  # a phrase the source wraps across two lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("措施。（环评处、各区生态环境局）", ("措施。", ("环评处", "各区生态环境局"))),
        ("见附件（一）", ("见附件（一）", ())),
        ("社区（村居）、楼宇等", ("社区（村居）、楼宇等", ())),
    ],
)
def test_split_departments(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert split_departments(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "本文来自网络，由EESIA收集整理，如有任何异议请联系我们，我们将酌情处理！\n"]
)
def test_empty_input_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_text(text, source="empty.txt")


def test_repeated_page_furniture_is_dropped() -> None:
    lines = clean_lines(
        "机密文件仅供内部参考使用\n第一条 甲。\n机密文件仅供内部参考使用\n第二条 乙。\n机密文件仅供内部参考使用"
    )
    assert lines == ["第一条 甲。", "第二条 乙。"]


LAW_SAMPLES = [
    ("排污许可管理条例(2021-01-24).md", "排污许可管理条例", 51, "第十四条", "第二章 申请与审批"),
    ("建设项目环境保护管理条例(2017-07-16).md", "建设项目环境保护管理条例", 30, "第十二条", "第二章 环境影响评价"),
    ("噪声污染防治法(2021-12-24).md", "中华人民共和国噪声污染防治法", 90, "第八十八条", "第九章 附 则"),
]


@pytest.mark.parametrize(("filename", "title", "count", "label", "heading"), LAW_SAMPLES)
def test_statutes_parse_into_articles(filename: str, title: str, count: int, label: str, heading: str) -> None:
    parsed = parse_text((LAWS_DIR / filename).read_text("utf-8"), source=filename)
    assert parsed.document.title == title
    assert len(parsed.clauses) == count
    clause = next(c for c in parsed.clauses if c.label == label)
    assert clause.headings[-1] == heading


def test_whole_corpus_parses(tmp_path: Path) -> None:
    total = sum(len(parse_text(p.read_text("utf-8"), source=p.name).clauses) for p in LAWS_DIR.glob("*.md"))
    assert 2400 <= total <= 2500

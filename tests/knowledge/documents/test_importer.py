from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from knowledge.documents.importer import decode, import_paths
from knowledge.documents.library import Library

MEASURES = "关于试行环保服务的若干措施\n一、总体\n（一）第一项措施。（法规处）\n（二）第二项措施。\n"


@pytest.fixture
def library() -> Library:
    return Library(sqlite_utils.Database(memory=True))


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("gbk.txt", MEASURES.encode("gbk"), "added", ""),
        ("bom.txt", "\ufeff".encode() + MEASURES.encode(), "added", ""),
        ("empty.txt", b"", "refused", "文件为空"),
        ("blank.md", b"  \n\n ", "refused", "文件为空"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "refused", "二进制文件"),
        ("bad.txt", b"\xff\xfe\xff\xfe\xff", "refused", "无法识别文件编码"),
        ("image.png", b"\x89PNG", "refused", "不支持的文件类型"),
        ("fake.docx", b"not a zip file at all", "refused", "无法读取 Word 文档"),
    ],
)
def test_each_kind_of_input(
    tmp_path: Path, library: Library, name: str, data: bytes, status: str, message: str
) -> None:
    [outcome] = import_paths(library, [write(tmp_path, name, data)])
    assert outcome.status == status
    assert message in outcome.message
    assert len(library.documents()) == (1 if status == "added" else 0)


def test_gbk_text_is_decoded_correctly(tmp_path: Path, library: Library) -> None:
    import_paths(library, [write(tmp_path, "gbk.txt", MEASURES.encode("gbk"))])
    assert [c.label for c in library.clauses()] == ["（一）", "（二）"]
    assert library.clauses()[0].departments == ("法规处",)


def test_unstructured_text_becomes_one_clause_per_paragraph(tmp_path: Path, library: Library) -> None:
    text = "企业环保服务须知\n第一段说明企业应当做什么。\n第二段说明办理的地点。\n"
    [outcome] = import_paths(library, [write(tmp_path, "须知.txt", text.encode())])
    assert outcome.status == "added"
    assert [c.label for c in library.clauses()] == ["第1段", "第2段"]


def test_docx_is_read(tmp_path: Path, library: Library) -> None:
    import docx

    document = docx.Document()
    for line in ["上海市某某管理办法", "第一章 总则", "第一条 为了规范管理，制定本办法。", "第二条 本办法适用于本市。"]:
        document.add_paragraph(line)
    document.save(str(tmp_path / "办法.docx"))
    [outcome] = import_paths(library, [tmp_path / "办法.docx"])
    assert (outcome.status, outcome.title, outcome.clauses) == ("added", "上海市某某管理办法", 2)
    assert library.clauses()[1].headings == ("第一章 总则",)


def test_a_folder_imports_its_good_files_and_reports_the_bad(tmp_path: Path, library: Library) -> None:
    write(tmp_path, "a.txt", MEASURES.encode())
    write(tmp_path, "b.txt", b"")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.md", "# 另一部规定\n第一条 内容。\n".encode())
    write(tmp_path, "notes.json", b"{}")  # not a document type: skipped inside folders
    outcomes = import_paths(library, [tmp_path])
    assert sorted((o.path.name, o.status) for o in outcomes) == [
        ("a.txt", "added"),
        ("b.txt", "refused"),
        ("c.md", "added"),
    ]


def test_reimport_updates_in_place(tmp_path: Path, library: Library) -> None:
    path = write(tmp_path, "a.txt", MEASURES.encode())
    assert import_paths(library, [path])[0].status == "added"
    assert import_paths(library, [path])[0].status == "unchanged"
    path.write_text(MEASURES + "（三）第三项措施。\n", "utf-8")
    assert import_paths(library, [path])[0].status == "updated"
    assert len(library.documents()) == 1
    assert len(library.clauses()) == 3


def test_effective_date_comes_from_the_file_name_when_the_text_has_none(tmp_path: Path, library: Library) -> None:
    import_paths(library, [write(tmp_path, "某条例(2021-01-24).md", "# 某条例\n第一条 内容。\n".encode())])
    assert library.documents()[0].effective_on == "2021-01-24"


def test_decode_prefers_utf8() -> None:
    assert decode("环评".encode()) == "环评"

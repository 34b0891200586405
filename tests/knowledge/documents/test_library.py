from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from knowledge.documents.library import DocumentNotFound, Library
from knowledge.documents.parser import parse_text

V1 = "关于试行的若干措施\n一、总体\n（一）甲措施。（法规处）\n（二）乙措施。"
V2 = "关于试行的若干措施\n一、总体\n（一）甲措施，已修改。（法规处）\n（二）乙措施。\n（三）丙措施。"


def test_reimport_updates_in_place(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "library.db")
    assert lib.upsert(parse_text(V1, source="a.txt")) == "added"
    assert lib.upsert(parse_text(V1, source="a.txt")) == "unchanged"
    assert lib.upsert(parse_text(V2, source="a.txt")) == "updated"
    assert len(lib.documents()) == 1
    assert [c.label for c in lib.clauses()] == ["（一）", "（二）", "（三）"]
    assert lib.clauses()[0].departments == ("法规处",)


def test_status_survives_reimport_and_changes_the_hash(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "library.db")
    lib.upsert(parse_text(V1, source="a.txt"))
    before = lib.content_hash()
    doc = lib.find("关于试行的若干措施")
    lib.set_status(doc_id=doc.doc_id, status="repealed")
    assert lib.content_hash() != before
    lib.upsert(parse_text(V2, source="a.txt"))
    assert lib.find(doc.doc_id).status == "repealed"


def test_remove(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "library.db")
    lib.upsert(parse_text(V1, source="a.txt"))
    lib.remove(doc_id=lib.find("关于试行的若干措施").doc_id)
    assert (lib.documents(), lib.clauses()) == ([], [])
    with pytest.raises(DocumentNotFound):
        lib.find("关于试行的若干措施")


def test_wal_is_on(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "library.db")
    assert lib.db.journal_mode == "wal"


def test_a_failure_mid_import_leaves_the_old_version_whole(tmp_path: Path) -> None:
    """Documents and clauses change in one transaction: no new hash over missing clauses."""
    lib = Library.open(tmp_path / "library.db")
    lib.upsert(parse_text(V1, source="a.txt"))
    v2 = parse_text(V2, source="a.txt")
    broken = dataclasses.replace(v2, clauses=[*v2.clauses, v2.clauses[0]])  # a duplicate id fails half-way
    with pytest.raises(sqlite3.IntegrityError):
        lib.upsert(broken)
    assert [c.label for c in lib.clauses()] == ["（一）", "（二）"]
    assert lib.upsert(parse_text(V2, source="a.txt")) == "updated"  # not "unchanged"

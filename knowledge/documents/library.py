"""The clause store: imported documents and their clauses in one SQLite file.

Each document is written in a single transaction together with all its clauses,
so a failed import leaves the library as it was. Importing the same content again
changes nothing; a changed file replaces its document in place.

>>> from knowledge.documents.parser import parse_text
>>> lib = Library(sqlite_utils.Database(memory=True))
>>> lib.upsert(parse_text("关于试行的若干措施\\n（一）措施一。", source="a.txt"))
'added'
>>> lib.upsert(parse_text("关于试行的若干措施\\n（一）措施一。", source="a.txt"))
'unchanged'
>>> [d.title for d in lib.documents()], len(lib.clauses())
(['关于试行的若干措施'], 1)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

import sqlite_utils
from sqlite_utils import Migrations

from knowledge.documents.records import Clause, Document, ParsedDocument

migrations = Migrations("ecoassist.knowledge")
UpsertOutcome = Literal["added", "updated", "unchanged"]


@migrations()
def m001_create_documents_and_clauses(db: sqlite_utils.Database) -> None:
    db.table("documents").create(
        {
            "doc_id": str,
            "title": str,
            "doc_no": str,
            "issuer": str,
            "issued_on": str,
            "effective_on": str,
            "status": str,
            "source": str,
            "content_hash": str,
            "imported_at": str,
        },
        pk="doc_id",
    )
    db.table("clauses").create(
        {
            "clause_id": str,
            "doc_id": str,
            "label": str,
            "headings": str,
            "text": str,
            "departments": str,
            "position": int,
        },
        pk="clause_id",
        foreign_keys=[("doc_id", "documents", "doc_id")],
    )
    db.table("clauses").create_index(["doc_id", "position"])


@migrations()
def m002_create_meta(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")


class DocumentNotFound(KeyError):
    """No document with that id (or title) is in the library."""


def open_wal(path: Path) -> sqlite_utils.Database:
    """A knowledge-side SQLite file (library, embedding cache), its folder created, WAL on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    return db


class Library:
    """Documents and clauses, read and written as records."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        migrations.apply(db)

    @classmethod
    def open(cls, path: Path) -> Library:
        return cls(open_wal(path))

    def upsert(self, parsed: ParsedDocument, *, imported_at: str = "") -> UpsertOutcome:
        """Add a document, replace a changed one, or leave an identical one alone."""
        doc = parsed.document
        existing = self._row(doc.doc_id)
        if existing is not None and existing["content_hash"] == doc.content_hash:
            return "unchanged"
        row = {**doc.to_dict(), "imported_at": imported_at}
        if existing is not None:
            row["status"] = existing["status"]
        # one transaction: the pinned sqlite-utils commits inside each table method unless
        # an atomic() block is open (they nest as savepoints); `with conn:` is not enough
        with self.db.atomic():
            self.db.table("clauses").delete_where("doc_id = ?", [doc.doc_id])
            self.db.table("documents").upsert(row, pk="doc_id")
            self.db.table("clauses").insert_all(
                (
                    {
                        **c.to_dict(),
                        "headings": json.dumps(list(c.headings), ensure_ascii=False),
                        "departments": json.dumps(list(c.departments), ensure_ascii=False),
                    }
                    for c in parsed.clauses
                ),
                pk="clause_id",
            )
        return "updated" if existing is not None else "added"

    def _row(self, doc_id: str) -> dict[str, str] | None:
        rows = list(self.db.table("documents").rows_where("doc_id = ?", [doc_id]))
        return rows[0] if rows else None

    def find(self, key: str) -> Document:
        """A document by id, exact title or 文号."""
        rows = list(self.db.table("documents").rows_where("doc_id = ? or title = ? or doc_no = ?", [key, key, key]))
        if not rows:
            raise DocumentNotFound(key)
        return Document.from_dict(rows[0])

    def documents(self) -> list[Document]:
        return [Document.from_dict(r) for r in self.db.table("documents").rows_where(order_by="title")]

    def clause_counts(self) -> dict[str, int]:
        sql = "select doc_id, count(*) as n from clauses group by doc_id"
        return {r["doc_id"]: r["n"] for r in self.db.query(sql)}

    def clauses(self) -> list[Clause]:
        rows = self.db.query("select * from clauses order by doc_id, position")
        return [
            Clause.from_dict({**r, "headings": json.loads(r["headings"]), "departments": json.loads(r["departments"])})
            for r in rows
        ]

    def effective(self) -> tuple[dict[str, Document], list[Clause]]:
        """The effective documents by id and their clauses, in library order: what search indexes."""
        documents = {d.doc_id: d for d in self.documents() if d.status == "effective"}
        return documents, [c for c in self.clauses() if c.doc_id in documents]

    def remove(self, *, doc_id: str) -> None:
        with self.db.atomic():
            self.db.table("clauses").delete_where("doc_id = ?", [doc_id])
            self.db.table("documents").delete_where("doc_id = ?", [doc_id])

    def set_status(self, *, doc_id: str, status: Literal["effective", "repealed"]) -> None:
        self.db.table("documents").update(doc_id, {"status": status})

    def get_meta(self, key: str) -> str | None:
        rows = list(self.db.table("meta").rows_where("key = ?", [key]))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def content_hash(self) -> str:
        """One hash for everything searchable: each document's content and status."""
        digest = hashlib.sha256()
        for row in self.db.query("select doc_id, content_hash, status from documents order by doc_id"):
            digest.update(f"{row['doc_id']}|{row['content_hash']}|{row['status']}\n".encode())
        return digest.hexdigest()

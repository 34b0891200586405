"""Resolve the catalogue's legal-basis references against the knowledge base in use.

A reference names a document (title, short title without 中华人民共和国, or 文号) and a
clause label. Against a given knowledge base it is either found (a :class:`Hit` to cite),
missing an article (an error: the catalogue or the import is wrong), or about a document
that is not imported (a warning: the bot then cites it as plain text).

>>> from knowledge.documents.records import Clause, Document
>>> doc = Document(doc_id="d1", title="中华人民共和国环境影响评价法")
>>> index = ReferenceIndex([doc], [Clause("d1:第十六条", "d1", "第十六条", (), "……")])
>>> index.hit(Reference(document="环境影响评价法", article="第十六条")).clause.clause_id
'd1:第十六条'
>>> index.status(Reference(document="环境影响评价法", article="第九十九条"))
'missing_article'
>>> index.status(Reference(document="排污许可管理条例", article="第十四条"))
'not_imported'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from knowledge.documents.records import Clause, Document, Hit, short_title
from knowledge.services.catalogue import Catalogue, Reference, ServiceItem

Status = Literal["found", "missing_article", "not_imported"]


class ReferenceIndex:
    """Documents by title, short title and 文号; their clauses by label."""

    def __init__(self, documents: Iterable[Document], clauses: Iterable[Clause]) -> None:
        self._documents: dict[str, Document] = {}
        for doc in documents:
            for key in (doc.title, short_title(doc.title), doc.doc_no):
                if key:
                    self._documents.setdefault(key, doc)
        self._clauses: dict[str, dict[str, Clause]] = defaultdict(dict)
        for clause in clauses:
            self._clauses[clause.doc_id].setdefault(clause.label, clause)

    def document(self, name: str) -> Document | None:
        return self._documents.get(name) or self._documents.get(short_title(name))

    def status(self, ref: Reference) -> Status:
        doc = self.document(ref.document)
        if doc is None:
            return "not_imported"
        return "found" if ref.article in self._clauses[doc.doc_id] else "missing_article"

    def hit(self, ref: Reference) -> Hit | None:
        """The referenced clause as a citable hit, or ``None`` when it is not in this knowledge base."""
        doc = self.document(ref.document)
        clause = self._clauses[doc.doc_id].get(ref.article) if doc else None
        return Hit(clause=clause, document=doc, score=0.0) if clause and doc else None


@dataclass(frozen=True)
class ReferenceReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_references(catalogue: Catalogue, index: ReferenceIndex) -> ReferenceReport:
    """Errors for articles missing from imported documents; one warning per document not imported."""
    report = ReferenceReport()
    absent: dict[str, set[str]] = defaultdict(set)
    for item in catalogue:
        for ref in item.references():
            status = index.status(ref)
            if status == "missing_article":
                doc = index.document(ref.document)
                title = doc.title if doc else ref.document
                report.errors.append(f"服务事项「{item.name}」引用的《{title}》没有{ref.article}")
            elif status == "not_imported":
                absent[ref.document].add(item.name)
    for document, items in sorted(absent.items()):
        names = "、".join(sorted(items))
        report.warnings.append(f"《{document}》未导入知识库，「{names}」将以纯文本引用该文件")
    return report


@dataclass(frozen=True)
class ItemLinks:
    """How clauses and items meet in the knowledge base in use.

    ``resting_on``: clause id → the one item whose legal basis cites it (a clause several items
    cite is left out); an answer from it offers that item.
    """

    resting_on: dict[str, ServiceItem] = field(default_factory=dict)

    @classmethod
    def build(cls, catalogue: Catalogue, index: ReferenceIndex) -> ItemLinks:
        owners: dict[str, list[ServiceItem]] = defaultdict(list)
        for item in catalogue:
            for ref in item.legal_basis:
                hit = index.hit(ref)
                if hit is not None and item not in owners[hit.clause.clause_id]:
                    owners[hit.clause.clause_id].append(item)
        return cls({c: items[0] for c, items in owners.items() if len(items) == 1})

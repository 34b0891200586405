"""Records that flow through the knowledge base: documents, clauses and search hits.

They are plain frozen dataclasses so that every layer (importer, index builder,
searcher, Rasa actions, gateway) can pass them around without sharing state.

>>> c = Clause(clause_id="d1:（二）", doc_id="d1", label="（二）", headings=("一、深化行政审批制度改革",),
...            text="开展排污许可和环评衔接试点。", departments=("环评处",), position=2)
>>> c.label
'（二）'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

STATE_PREFIX = "中华人民共和国"
LOCAL_PREFIX = "上海市"


def short_title(title: str, *, local: bool = False) -> str:
    """A title as people write it: without 中华人民共和国 (and 上海市 when ``local``).

    >>> short_title("中华人民共和国大气污染防治法"), short_title("上海市生活垃圾管理条例", local=True)
    ('大气污染防治法', '生活垃圾管理条例')
    """
    title = title.strip().removeprefix(STATE_PREFIX)
    return title.removeprefix(LOCAL_PREFIX) if local else title


@dataclass(frozen=True)
class Document:
    """One policy document or statute, as imported."""

    doc_id: str
    title: str
    doc_no: str = ""
    issuer: str = ""
    issued_on: str = ""
    effective_on: str = ""
    status: str = "effective"
    source: str = ""
    content_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Clause:
    """The unit of retrieval: an article (第十四条), a measure (（二）) or a numbered paragraph."""

    clause_id: str
    doc_id: str
    label: str
    headings: tuple[str, ...]
    text: str
    departments: tuple[str, ...] = ()
    position: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["headings"] = list(self.headings)
        data["departments"] = list(self.departments)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        return cls(
            clause_id=data["clause_id"],
            doc_id=data["doc_id"],
            label=data["label"],
            headings=tuple(data.get("headings") or ()),
            text=data["text"],
            departments=tuple(data.get("departments") or ()),
            position=int(data.get("position", 0)),
        )


@dataclass(frozen=True)
class ParsedDocument:
    """What the parser makes of one file: the document and its clauses, in order."""

    document: Document
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Hit:
    """One search result: a clause, its document and how well it matched.

    ``score`` is the match strength (bigram BM25 divided by the index's largest idf,
    comparable across knowledge bases of any size); ``coverage`` the share of the
    query's idf mass the clause contains; ``relevance`` its min-max fused score over all
    channels (comparable between the hits of one search only; the order of the hits may differ
    when another fusion method or a reranker ranks them). What the bot cites of it is
    :meth:`knowledge.payloads.Citation.from_hit`.
    """

    clause: Clause
    document: Document
    score: float
    coverage: float = 0.0
    relevance: float = 0.0


def citation_line(hit: Hit) -> str:
    """《title》（文号）label of a hit (:func:`reference_line`)."""
    return reference_line(hit.document.title, hit.document.doc_no, hit.clause.label)


def reference_line(title: str, doc_no: str, label: str) -> str:
    """《title》（文号）label, the 文号 left out when the document has none.

    >>> reference_line("若干措施", "沪环综〔2021〕224号", "（二）"), reference_line("某法", "", "第一条")
    ('《若干措施》（沪环综〔2021〕224号）（二）', '《某法》第一条')
    """
    doc_no = f"（{doc_no}）" if doc_no else ""
    return f"《{title}》{doc_no}{label}"


def searchable_text(document: Document, clause: Clause) -> str:
    """What a clause reads as with its context: the title and headings count with the text."""
    return "\n".join([document.title, *clause.headings, clause.text])


def document_text(document: Document, clauses: Iterable[Clause]) -> str:
    """A whole document as one text (title and every clause of it), for the document-level prior."""
    return "\n".join([document.title, *(c.text for c in clauses if c.doc_id == document.doc_id)])


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: whether it is answered, and the ranked hits."""

    query: str
    answered: bool
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    # The query's best cosine similarity to any clause, when a dense channel is in use, and
    # whether that makes it a question about this knowledge base at all.
    similarity: float | None = None
    on_topic: bool = True
    # The department to ask instead, when the question is another department's matter
    # (:mod:`knowledge.search.remit`); such a question is neither answered nor on topic.
    elsewhere: str | None = None
    # Whether the question resembles questions that are not the bureau's more than its own
    # (:mod:`knowledge.search.scope`); such a question is neither answered nor on topic.
    beyond_remit: bool = False
    # The kind of request no article serves (:mod:`knowledge.search.request_kind`: a speech to
    # draft, a market price), when the question is one; it is then beyond the remit too.
    unserved: str | None = None

    @property
    def candidates(self) -> tuple[Hit, ...]:
        """Hits worth offering when the best is not good enough: any hit of an on-topic question
        (the dense channel finds 「偷排」's article with few words in common), else only those
        sharing words with it (the dense channel ranks every clause, even for 「公积金」); none
        for another department's question or one beyond the bureau's remit."""
        if self.elsewhere or self.beyond_remit:
            return ()
        return self.hits if self.on_topic else tuple(h for h in self.hits if h.score > 0)

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None

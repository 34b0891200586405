"""Staff answers saved as knowledge: 'save as FAQ' in the console.

All saved answers form one document in the library (``staff-faq``); each answer is a
clause labelled 问答N. The question and its variants are the clause's headings, so
lexical search matches them, and the answer is its text, so the bot quotes the answer.
The clauses the staff member linked are named at the end of the answer (and their
departments carried over). After :func:`add_faq` the index is rebuilt; the gateway and
the action server pick the new manifest up on their next search, without a restart.

>>> from knowledge.documents.library import Library
>>> import sqlite_utils
>>> library = Library(sqlite_utils.Database(memory=True))
>>> clause = add_faq(library, question="排污许可证丢了怎么办？", variants=["排污证遗失"],
...                  answer="可以申请补办。具体材料请以业务部门公布为准。", linked=[])
>>> clause.label, clause.headings, clause.text
('问答1', ('排污许可证丢了怎么办？', '排污证遗失'), '可以申请补办。具体材料请以业务部门公布为准。')
"""

from __future__ import annotations

import hashlib
import json

from knowledge.documents.library import Library
from knowledge.documents.records import Clause, Document, Hit, ParsedDocument
from knowledge.texts import text

FAQ_DOC_ID = "staff-faq"
MAX_VARIANTS = 10


class FaqError(ValueError):
    """An FAQ entry that cannot be saved; the message says why."""


def faq_clauses(library: Library) -> list[Clause]:
    return [c for c in library.clauses() if c.doc_id == FAQ_DOC_ID]


def add_faq(library: Library, *, question: str, variants: list[str], answer: str, linked: list[Hit]) -> Clause:
    """Append one answer to the staff FAQ document and return its clause."""
    question, answer = question.strip(), answer.strip()
    variants = [v.strip() for v in variants if v.strip() and v.strip() != question][:MAX_VARIANTS]
    if not question or not answer:
        raise FaqError("an FAQ entry needs a question and an answer")
    if linked:
        refs = "；".join(f"《{h.document.title}》{h.clause.label}" for h in linked)
        answer = answer.rstrip("。") + "。" + text("faq_basis").format(refs=refs)
    existing = faq_clauses(library)
    number = len(existing) + 1
    departments = tuple(dict.fromkeys(d for h in linked for d in h.clause.departments))
    clause = Clause(
        clause_id=f"{FAQ_DOC_ID}:问答{number}",
        doc_id=FAQ_DOC_ID,
        label=f"问答{number}",
        headings=(question, *variants),
        text=answer,
        departments=departments,
        position=number,
    )
    clauses = (*existing, clause)
    digest = hashlib.sha256(json.dumps([c.to_dict() for c in clauses], ensure_ascii=False).encode()).hexdigest()
    document = Document(
        doc_id=FAQ_DOC_ID, title=text("faq_document_title"), source="staff-console", content_hash=digest
    )
    library.upsert(ParsedDocument(document, clauses))
    return clause

"""Everyday questions each clause answers: the wording enterprises use beside the statute's own.

A statute says 「通过暗管、渗井……等逃避监管的方式排放水污染物」; a factory asks 「用暗管偷偷排废水
被查到会怎样」. Neither search channel bridges that reliably: the words differ, and a small
sentence encoder places a formal article and a colloquial question far apart. Each file of
``knowledge/data/questions`` therefore lists, article by article, questions the article
answers, written in users' words from the document alone (``document:`` is the title as
imported, ``questions:`` maps an article label to its questions). Search indexes them with
the clause: their words join the clause's lexical text, and each question is a vector of
the question channel (:mod:`knowledge.search.questions`). A staff FAQ answer's question and
variants (its headings) are its questions too.

A file that says ``vectors: false`` holds messages whose words only join the lexical text:
long situation messages (「我们是做五金喷涂的小厂，在松江……会被怎么处理？」). Their context
dominates a sentence vector, so as vectors of the question channel they pull every long
message their way; as words they lend an article the everyday terms it lacks (偷排, 拿证,
会咋样). On the dev part of the statute questions, the second wave (3,138 messages then) raised
Hit@1 from 0.893 to 0.909 as words and lowered it to 0.878 as words and vectors
(docs/benchmarks.md). A third wave (``*.cases.yml``: a short question and a situation for
each substantive article) says ``vectors: short``: its questions of up to 20 characters are
vectors too, its situations only words. On two blind waves the short ones as vectors raised
Hit@1 from 0.887 to 0.906 and from 0.920 to 0.950 over words alone.
A fourth wave (``*.asks.yml``: a concrete thing in a trade, and the same asked by someone in a
role) says ``vectors: short`` too; on a blind wave of 110 questions it raised Hit@1 from 100 to
103 and lowered wrong answers from 9 to 5 (docs/benchmarks.md, thirty-second session).

The bureau edits these files like the catalogue; an entry naming an article the library does
not hold is ignored, so removing or repealing a statute needs no edit here.

>>> bank = QuestionBank.load()
>>> bank.fingerprint != QuestionBank.empty().fingerprint
True
>>> from knowledge.documents.records import Clause, Document
>>> law = Document("d", "中华人民共和国水污染防治法")
>>> len(bank.for_clause(law, Clause("c", "d", "第三十九条", (), ""))) >= 1
True
>>> faq = Document("staff-faq", "问答")
>>> answer = Clause("staff-faq:问答1", "staff-faq", "问答1", ("排污证丢了怎么办", "排污证遗失"), "可以补办。")
>>> bank.for_clause(faq, answer)
('排污证丢了怎么办', '排污证遗失')
>>> water = bank.words_for_clause(law, Clause("c", "d", "第三十九条", (), ""))
>>> len(water) > len(bank.for_clause(law, Clause("c", "d", "第三十九条", (), "")))
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.documents.faq import FAQ_DOC_ID
from knowledge.documents.records import Clause, Document

DEFAULT_QUESTIONS = Path(__file__).parents[1] / "data" / "questions"
# libyaml's safe loader when PyYAML has it: every index build reads the 8,400 questions to
# fingerprint them, and the pure-Python loader takes 0.4 s over them.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# ``vectors: short``: a file's questions of at most SHORT_QUESTION characters are vectors of the
# question channel, longer ones (situations, whose context dominates a vector) only words.
SHORT = "short"
SHORT_QUESTION = 20


def read_yaml(path: Path, error: type[Exception]) -> Any:
    """The data of the YAML file ``path``, read with the safe loader; ``error`` (the caller's
    named error) when it cannot be read or parsed.

    >>> read_yaml(Path("missing.yml"), ValueError)
    Traceback (most recent call last):
    ValueError: missing.yml: cannot be read ([Errno 2] No such file or directory: 'missing.yml')
    """
    try:
        return yaml.load(path.read_text("utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path.name}: cannot be read ({exc})") from exc


class QuestionBankError(ValueError):
    """A questions file that cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class QuestionBank:
    """Questions by (document title, article label), and a fingerprint of them all for builds:
    ``by_article`` are words and vectors, ``words_only`` only words (files with ``vectors: false``)."""

    by_article: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    fingerprint: str = "none"
    words_only: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, kw_only=True)

    @classmethod
    def empty(cls) -> QuestionBank:
        return cls()

    @classmethod
    def load(cls, directory: Path = DEFAULT_QUESTIONS) -> QuestionBank:
        """Every ``*.yml`` of ``directory`` (none, or no directory: an empty bank).

        Raises :class:`QuestionBankError` on a malformed file.
        """
        gathered: dict[bool, dict[tuple[str, str], list[str]]] = {True: {}, False: {}}
        for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
            setting, found = _read(path)
            for key, questions in found.items():
                for question in questions:
                    vectors = setting is True or (setting == SHORT and len(question) <= SHORT_QUESTION)
                    gathered[vectors].setdefault(key, []).append(question)
        banks = {part: {key: tuple(dict.fromkeys(qs)) for key, qs in lists.items()} for part, lists in gathered.items()}
        digest = hashlib.sha256()
        for vectors, by_article in banks.items():
            for key in sorted(by_article):
                digest.update(json.dumps([vectors, key, by_article[key]], ensure_ascii=False).encode("utf-8"))
        fingerprint = digest.hexdigest()[:16] if banks[True] or banks[False] else "none"
        return cls(banks[True], fingerprint, words_only=banks[False])

    def for_clause(self, document: Document, clause: Clause) -> tuple[str, ...]:
        """The questions ``clause`` answers (a staff FAQ answer: its question and variants)."""
        if document.doc_id == FAQ_DOC_ID:
            return tuple(h for h in clause.headings if h.strip())
        return self.by_article.get((document.title, clause.label), ())

    def words_for_clause(self, document: Document, clause: Clause) -> tuple[str, ...]:
        """:meth:`for_clause` and the messages that only lend ``clause`` their words (a staff FAQ
        answer has none: its question and variants are its words)."""
        if document.doc_id == FAQ_DOC_ID:
            return self.for_clause(document, clause)
        extra = self.words_only.get((document.title, clause.label), ())
        return tuple(dict.fromkeys(self.for_clause(document, clause) + extra))

    def __len__(self) -> int:
        """How many questions and words-only messages the bank holds, per article and part."""
        return sum(len(q) for bank in (self.by_article, self.words_only) for q in bank.values())


def _read(path: Path) -> tuple[bool | str, dict[tuple[str, str], tuple[str, ...]]]:
    """Whether the file's questions are vectors too (``vectors:`` true, false, or ``short``: only
    those of at most :data:`SHORT_QUESTION` characters), and its questions by (title, label)."""
    data = read_yaml(path, QuestionBankError)
    if not isinstance(data, dict) or not isinstance(data.get("document"), str):
        raise QuestionBankError(f"{path.name}: needs `document:` (the title) and `questions:`")
    vectors = data.get("vectors", True)
    if not isinstance(vectors, bool) and vectors != SHORT:
        raise QuestionBankError(f"{path.name}: `vectors:` is true, false or {SHORT}")
    articles = data.get("questions") or {}
    if not isinstance(articles, dict):
        raise QuestionBankError(f"{path.name}: `questions:` maps article labels to lists of questions")
    found = {}
    for label, questions in articles.items():
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise QuestionBankError(f"{path.name}: {label} needs a list of questions")
        kept = tuple(dict.fromkeys(q.strip() for q in questions if q.strip()))
        if kept:
            found[(data["document"].strip(), str(label).strip())] = kept
    return vectors, found

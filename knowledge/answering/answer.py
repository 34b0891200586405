"""Turn a search result into what the assistant says: an excerpt and its citation.

The wording lives in ``bot/domain.yml``; this module only picks the clause, the most
relevant sentence or two of it, and the citation fields the response fills in.

>>> from knowledge.documents.records import Clause, Document, Hit, SearchResult
>>> doc = Document(doc_id="d", title="某措施", doc_no="沪环综〔2021〕224号")
>>> clause = Clause(clause_id="d:（二）", doc_id="d", label="（二）", headings=(),
...     text="（二）开展排污许可和环评衔接试点。深化临港“两证合一”改革试点成果。编制补充名录。",
...     departments=("环评处",))
>>> a = compose_answer(SearchResult("两证合一", True, (Hit(clause, doc, 9.0, 1.0),)), ["两证合一"])
>>> a.excerpt, a.citation, a.departments
('深化临港“两证合一”改革试点成果。', '《某措施》（沪环综〔2021〕224号）（二）', '环评处')
>>> a.citations[0].clause_id
'd:（二）'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.documents.records import Hit, SearchResult, citation_line
from knowledge.payloads import Citation
from knowledge.search.tokenizer import normalise, sentences

MAX_EXCERPT_CHARS = 160


@dataclass(frozen=True)
class Answer:
    """The fields of an answer: excerpt, citation line, departments, and the citation payload."""

    excerpt: str
    citation: str
    departments: str
    citations: list[Citation]

    def slots(self) -> dict[str, str]:
        """Values for the response template's ``{excerpt}``, ``{citation}``, ``{departments}``."""
        return {"excerpt": self.excerpt, "citation": self.citation, "departments": self.departments}


# An enumerated item of an article: （一）, （二） … after a lead-in that ends with a colon.
ITEM_RE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
INLINE_ITEM_RE = re.compile(r"(?<=[：:])(?=[（(][一二三四五六七八九十]+[）)])")


def _parts(text: str) -> list[str]:
    """Sentences, with enumerated items that follow a colon on the same line split off."""
    return [p for s in sentences(text) for p in INLINE_ITEM_RE.split(s) if p]


def lead_in(parts: Sequence[str], index: int) -> str:
    """The sentence that introduces the item at ``index`` (「有下列行为之一的，……：」), or "".

    >>> lead_in(["第九条 有下列行为之一的，处以罚款：", "（一）甲；", "（二）乙。"], 2)
    '第九条 有下列行为之一的，处以罚款：'
    >>> lead_in(["（二）开展试点。", "深化改革。"], 1)
    ''
    """
    if not ITEM_RE.match(parts[index]):
        return ""
    for earlier in reversed(parts[:index]):
        if not ITEM_RE.match(earlier):
            return earlier if earlier.endswith(("：", ":")) else ""
    return ""


def excerpt(text: str, query_tokens: Sequence[str], *, max_chars: int = MAX_EXCERPT_CHARS) -> str:
    """The sentence (or two adjacent ones) of ``text`` that shares most query tokens.

    An enumerated item is quoted with its lead-in, so 「（二）未按照规定……的。」 reads as
    part of the rule or penalty that introduces it.

    >>> excerpt("第九条 有下列行为之一的，处一万元罚款：（一）夜间施工的；（二）未公告的。", ["夜间", "施工"])
    '第九条 有下列行为之一的，处一万元罚款：（一）夜间施工的；'
    """
    parts = _parts(text)
    if not parts:
        return text[:max_chars]
    tokens = {normalise(t) for t in query_tokens if len(t) > 1} or {normalise(t) for t in query_tokens}

    def overlap(sentence: str) -> int:
        folded = normalise(sentence)
        return sum(len(t) for t in tokens if t in folded)

    scores = [overlap(s) for s in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    chosen = parts[best]
    following = best + 1
    if following < len(parts) and scores[following] > 0 and len(chosen) + len(parts[following]) <= max_chars:
        chosen += parts[following]
    intro = lead_in(parts, best)
    room = max_chars - len(chosen)
    if intro and room > 1:  # the item is never cut for its lead-in
        chosen = (intro if len(intro) <= room else intro[: room - 1] + "…") + chosen
    return chosen if len(chosen) <= max_chars else chosen[: max_chars - 1] + "…"


def compose_answer_for(hit: Hit, query_tokens: Sequence[str]) -> Answer:
    """The answer quoting ``hit``: the sentences that matter for the query, and the citation."""
    return Answer(
        excerpt=excerpt(hit.clause.text, query_tokens),
        citation=citation_line(hit),
        departments="、".join(hit.clause.departments),
        citations=[Citation.from_hit(hit)],
    )


def compose_answer(result: SearchResult, query_tokens: Sequence[str]) -> Answer | None:
    """The answer to give, or ``None`` when the search found nothing good enough."""
    best = result.best
    if not result.answered or best is None:
        return None
    return compose_answer_for(best, query_tokens)

"""How the assistant responds to a question: answer (with a second document beside it), admit doubt, or say no.

Plain decisions over a :class:`SearchResult`, so the Rasa actions stay thin and the rules
can be tested without Rasa.

>>> is_followup("那有效期多久？"), is_followup("排污许可证有效期多久")
(True, False)
>>> contextualise("那有效期多久？", "排污许可证怎么申请")
'排污许可证怎么申请 那有效期多久？'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge.documents.records import Hit, SearchResult, short_title

FOLLOWUP_RE = re.compile(r"^(那么?|那如果|那要是|还有|另外|它|它们|这个|那个|这种|该|此|如果是|要是)")
SHORT_FOLLOWUP_CHARS = 6
SEE_ALSO_RATIO = 0.97
MAX_CANDIDATES = 2
DecisionKind = Literal["answer", "not_sure", "no_answer"]


def is_followup(query: str) -> bool:
    """A question that leans on the previous one: starts with 那/还有/它 …, or is very short."""
    text = query.strip()
    return bool(FOLLOWUP_RE.match(text)) or 0 < len(re.sub(r"[\W_]", "", text)) <= SHORT_FOLLOWUP_CHARS


def contextualise(query: str, previous: str | None) -> str:
    """The query to search: a follow-up is read together with the previous question."""
    if previous and is_followup(query):
        return f"{previous} {query}"
    return query


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    hits: tuple[Hit, ...] = ()
    elsewhere: str | None = None  # no answer: the department to ask instead
    beyond_remit: bool = False  # no answer: not the bureau's matter at all
    unserved: str | None = None  # beyond the remit by its nature: a speech to draft, a market price

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None

    @property
    def also(self) -> Hit | None:
        """For an answer, a clause of another document nearly as relevant, quoted after it."""
        return self.hits[1] if self.kind == "answer" and len(self.hits) > 1 else None


def decide(result: SearchResult, *, see_also_ratio: float = SEE_ALSO_RATIO) -> Decision:
    """What to do with a search result.

    - answered → ``answer`` with the best hit; when the runner-up from another document is
      nearly as relevant in the fused ranking (``see_also_ratio`` of the best's relevance),
      the answer quotes it too (:attr:`Decision.also`), after the best. A national law and a
      Shanghai regulation often state the same rule, and a near tie is where search is least
      sure which one the question meant. The assistant used to ask "which of these" instead,
      with two buttons and no content; but the best alone was right in all 16 dev questions
      whose runner-up came within 10 % (in 7 the runner-up too), and among 70 further dev
      messages the 3 near ties had the best right in 2 and only the runner-up in 1. An answer
      quoting both gives the user the rule at once, and the right one in every such case
      seen. A runner-up ahead in relevance (a reranker preferred the best) is not quoted: the
      reranker's choice stands;
    - not answered but there are candidates → ``not_sure``, offering the best two;
    - another department's matter (:attr:`SearchResult.elsewhere`) → ``no_answer`` naming it,
      with no candidates: 「营业执照地址变更」 is not answered from 行政许可法;
    - beyond the bureau's remit (:attr:`SearchResult.beyond_remit`) → ``no_answer``, with no
      candidates: 「客户拖欠货款怎么起诉」 is offered no article of 优化营商环境条例; a request no
      article serves (:attr:`SearchResult.unserved`) keeps its kind, so that routing offers no item;
    - nothing at all → ``no_answer``. For a question that is off-topic for the knowledge
      base, a clause that shares no words with it is no candidate
      (:attr:`SearchResult.candidates`): the dense channel ranks every clause, so
      「公积金贷款额度是多少」 would otherwise be offered two unrelated articles instead of an
      honest "not found".
    """
    hits = result.hits
    if result.elsewhere:
        return Decision("no_answer", elsewhere=result.elsewhere)
    if result.beyond_remit:
        return Decision("no_answer", beyond_remit=True, unserved=result.unserved)
    if result.answered and hits:
        best = hits[0]
        rival = next((h for h in hits[1:] if h.document.doc_id != best.document.doc_id), None)
        if rival is not None and best.relevance >= rival.relevance >= see_also_ratio * best.relevance > 0:
            return Decision("answer", (best, rival))
        return Decision("answer", (best,))
    candidates = result.candidates
    if candidates:
        return Decision("not_sure", tuple(candidates[:MAX_CANDIDATES]))
    return Decision("no_answer")


def related_hits(result: SearchResult, shown: str | None, *, limit: int = 3) -> list[Hit]:
    """Up to ``limit`` more clauses for the question whose answer showed clause ``shown``:
    neither that clause nor the other document's clause the answer quoted beside it.

    >>> related_hits(SearchResult("无关的问题", answered=False), None)
    []
    """
    quoted = {shown}
    decision = decide(result)
    if decision.best is not None and decision.also is not None and decision.best.clause.clause_id == shown:
        quoted.add(decision.also.clause.clause_id)
    return [h for h in result.candidates if h.clause.clause_id not in quoted][:limit]


def candidate_title(hit: Hit) -> str:
    """A button title naming a clause: 《short title》label."""
    return f"《{short_title(hit.document.title)}》{hit.clause.label}"

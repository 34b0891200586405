"""How search decides: the answer policy and how channels are combined.

Plain data with the project's measured defaults (``docs/benchmarks.md``); the settings
read their defaults from here, so each number is written once.

>>> AnswerPolicy().min_coverage, SearchConfig().weights
(0.15, {'words': 0.25, 'bigrams': 1.0})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from knowledge.documents.records import Hit
from knowledge.search.confidence import ConfidenceModel, Signals
from knowledge.search.fusion import FusionMethod
from knowledge.search.manifest import KnowledgePaths

DEFAULT_WEIGHTS = {"words": 0.25, "bigrams": 1.0}
# With an encoder: the clause passages' channel and the everyday questions' channel
# (:mod:`knowledge.search.questions`), weighed on the dev part (docs/benchmarks.md).
DEFAULT_DENSE_WEIGHT = 0.5
DEFAULT_QUESTIONS_WEIGHT = 1.0


@dataclass(frozen=True)
class AnswerPolicy:
    """When the best hit is good enough to answer with.

    Two ways to be sure, and the question must be on topic for either:

    - **the words match**: ``min_coverage`` is the share of the query's character bigrams
      (weighted by idf) that the best clause contains; ``min_strength`` a floor on its bigram
      BM25 score divided by the index's largest idf, which keeps the floor meaningful whether
      the knowledge base holds 18 clauses or 50,000;
    - **the channels agree**: the best clause is first (``agreement_rank``) in a semantic
      channel (the clause texts' or the everyday questions') and in a lexical one, on a
      question at least ``agreement_similarity`` close to the knowledge base. Everyday
      questions share few words with the statute that answers them (「废气处理设施没正常开
      上海罚多少」), so coverage alone refused many that independent channels put first together.

    With a dense channel, ``min_similarity`` is a floor on the query's best cosine similarity
    to any clause: how on-topic the question is for this knowledge base at all (0.86 is
    e5-small-offline's; other models have other scales, so the settings apply both
    similarity floors to that model only and switch agreement off for others). Calibrated on
    the dev parts of ``knowledge/data/eval`` (docs/benchmarks.md), scoring a grid by right
    answers minus 1.5 per wrong answer and 1 per out-of-scope question answered. Since the
    clauses' everyday questions joined the lexical text, an out-of-scope question matches
    more words (「……需要满足什么条件」), so the word path asks for a stronger match (strength
    2.5–3.5 score within 1 point; 1.6 scored 13 lower) and agreement for first place in both.
    With e5-small-offline the settings add a calibrated ``confidence`` model, which weighs the
    signals together and decides instead of the two ways (:mod:`knowledge.search.confidence`).

    >>> from knowledge.documents.records import Clause, Document
    >>> hit = Hit(Clause("c", "d", "第一条", (), ""), Document("d", "法"), score=3.0, coverage=0.3)
    >>> AnswerPolicy().accepts(hit), AnswerPolicy().accepts(hit, similarity=0.80)
    (True, False)
    >>> weak = Hit(Clause("c", "d", "第一条", (), ""), Document("d", "法"), score=1.0, coverage=0.05)
    >>> [AnswerPolicy().accepts(weak, 0.9, ranks=r) for r in (None, (1, 1), (2, 1))]
    [False, True, False]
    """

    min_coverage: float = 0.15
    min_strength: float = 2.75
    min_similarity: float = 0.86
    agreement_rank: int = 1
    agreement_similarity: float = 0.88
    # the scope check (:mod:`knowledge.search.scope`): out of scope when the nearest questions
    # that are not the bureau's are nearer than its own everyday questions by at least this; None: off
    outside_margin: float | None = 0.01
    # with e5-small-offline, a calibrated model weighs the signals together instead of the two
    # ways above (:mod:`knowledge.search.confidence`); the similarity floor still applies
    confidence: ConfidenceModel | None = None

    def on_topic(self, similarity: float | None) -> bool:
        """Whether the question is about this knowledge base at all (always, without a dense channel)."""
        return similarity is None or similarity >= self.min_similarity

    def accepts(
        self,
        hit: Hit,
        similarity: float | None = None,
        *,
        ranks: tuple[int, int] | None = None,
        signals: Signals | None = None,
    ) -> bool:
        """Whether to answer with ``hit``; ``similarity`` is ``None`` without a dense channel,
        ``ranks`` are the hit's rank in the dense channel and its best in a lexical one, and
        ``signals`` what the confidence model weighs (when it is in use and search has them)."""
        if not self.on_topic(similarity):
            return False
        if self.confidence is not None and signals is not None:
            return self.confidence.sure(signals)
        if hit.coverage >= self.min_coverage and hit.score >= self.min_strength:
            return True
        return (
            ranks is not None
            and similarity is not None
            and 0 < max(ranks) <= self.agreement_rank
            and similarity >= self.agreement_similarity
        )


@dataclass(frozen=True)
class SearchConfig:
    """How channels are combined: method and one weight per channel (0 switches a channel off).

    ``document_prior`` lets a clause inherit part of its document's relevance: the
    bigram channel's score (scaled to its best) plus ``document_prior`` times the whole
    document's bigram score (scaled likewise). A question about 有害垃圾 thereby prefers the
    articles of the 生活垃圾管理条例 over a passing mention elsewhere.

    ``penalty_preference`` scales penalty clauses' fused scores by ``1 − p`` for questions
    about a rule, and ``consequence_preference`` by ``1 + c`` for questions about consequences
    (:mod:`knowledge.search.clause_kind`); 0 switches either off. The boost is the larger: a
    question about what follows (「环评没批就开工，会有什么后果」) shares the rule's words, and at
    0.15 the rule article still came first; on the statute dev part (297 questions) Hit@1 rose
    173 → 176 at 0.4–0.6 and fell again at 0.8, the dialogue dev part's consultation messages
    103 → 104 at 0.5 (docs/benchmarks.md).

    ``definition_preference`` scales articles that define words, state a law's purpose or
    what it applies to by ``1 − d`` unless the question asks what a word means: they name their
    subject plainly and so matched every question about it (「晚上施工噪声有什么规定」 met 噪声法
    第三十九条, 「本法所称建筑施工噪声，是指…」; in an index of that law alone, 第八十八条). 0.1 gave
    2 more of the 1,107 answerable statute dev questions first, 0.05 one, 0.2 none
    (docs/benchmarks.md).

    ``regime_preference`` lifts clauses of a document on penalties itself (its title names 处罚:
    行政处罚法) by ``1 + r`` for a question on how penalties work (听证、从轻、时效 …,
    :func:`~knowledge.search.clause_kind.asks_principle`): 行政许可法 also provides hearings, and
    its article met 「收到处罚告知书…能不能申请听证」. On the 85 dev questions that ask so, 72 →
    76 first at 0.3 (74 at 0.2 and 0.5), none lost.

    ``medium_preference`` scales the clauses of a law that governs one environmental medium by
    ``1 − m`` for a question that names other media only (:mod:`knowledge.search.medium`):
    「废水在线监测设备必须装吗」 met the air law's article on online monitors first. On the 1,991
    answerable dev questions (statute and dialogue parts) Hit@1 rose 1,806 → 1,811 at 0.2 (1,809
    at 0.1, 1,812 at 0.3), wrong answers 119 → 113, none lost; 0.2, not 0.3, because a law of
    another medium sometimes holds the answer too and the gain above 0.2 is one question
    (docs/benchmarks.md).

    ``question_blend`` is how far each clause's vector in the dense channel moves towards its
    everyday questions (:mod:`knowledge.search.portraits`); 0 ranks by the clause text alone.
    The answer policy's similarity and its agreement rank stay the clause text's own.
    """

    method: FusionMethod = "minmax"
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    document_prior: float = 0.4
    penalty_preference: float = 0.15
    consequence_preference: float = 0.5
    definition_preference: float = 0.1
    regime_preference: float = 0.3
    medium_preference: float = 0.2
    question_blend: float = 0.5


class SearchSettings(Protocol):
    """What opening a searcher reads from the settings (:class:`knowledge.settings.KnowledgeSettings`)."""

    @property
    def knowledge_paths(self) -> KnowledgePaths: ...
    @property
    def answer_policy(self) -> AnswerPolicy: ...
    @property
    def search_config(self) -> SearchConfig: ...

    reranker_model: str
    rerank_depth: int

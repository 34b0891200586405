"""Search the live index: ranked clauses with citations, and an honest "no answer".

A :class:`Searcher` loads the index the manifest names, once, and reloads it when the manifest
changes (:meth:`Searcher.reload_if_changed`). Each query runs against one immutable snapshot.

>>> import tempfile
>>> from knowledge.search.builder import build_index
>>> paths = KnowledgePaths(Path(tempfile.mkdtemp()))
>>> tok = Tokenizer.from_directory()
>>> _ = build_index(paths, tok)
>>> s = Searcher(paths, tok)
>>> result = s.search("临港的两证合一试点是什么意思？")
>>> result.answered, result.best.clause.label
(True, '（二）')
>>> s.search("怎么办理护照").answered
False
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.documents.records import Clause, Document, Hit, SearchResult, searchable_text
from knowledge.search.catalogues import unclassed, unlisted
from knowledge.search.clause_kind import ClauseKinds
from knowledge.search.confidence import Signals, channel_ranks, signals_of
from knowledge.search.config import AnswerPolicy, SearchConfig, SearchSettings
from knowledge.search.dense import DenseIndex, Encoder, build_encoder
from knowledge.search.figures import UNSTATED, unstated
from knowledge.search.focus import points_back, question_focus
from knowledge.search.fusion import fuse
from knowledge.search.holdings import UNHELD, Holdings
from knowledge.search.lexical import LexicalIndex
from knowledge.search.manifest import KnowledgePaths, Manifest, manifest_stamp, read_manifest
from knowledge.search.portraits import Portraits
from knowledge.search.questions import QuestionIndex
from knowledge.search.remit import Remit
from knowledge.search.request_kind import RequestKinds
from knowledge.search.rerank import Reranker, load_reranker
from knowledge.search.scope import OutsideIndex, beyond_remit, leaning
from knowledge.search.tokenizer import Tokenizer, chinese_bigrams

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class _Snapshot:
    manifest: Manifest
    stamp: tuple[int, int] | None
    channels: dict[str, LexicalIndex]
    clauses: tuple[Clause, ...]
    documents: dict[str, Document]
    document_rows: np.ndarray
    rows: dict[str, int]
    kinds: ClauseKinds  # which clauses sanction, define, or belong to a law on penalties
    holdings: Holdings
    dense: DenseIndex | None = None
    portraits: Portraits | None = None  # the dense channel's clause vectors moved towards their questions
    encoder: Encoder | None = None
    questions: QuestionIndex | None = None
    outside: OutsideIndex | None = None


class Searcher:
    """Query interface over one knowledge home."""

    def __init__(
        self,
        paths: KnowledgePaths,
        tokenizer: Tokenizer,
        policy: AnswerPolicy | None = None,
        config: SearchConfig | None = None,
        reranker: Reranker | None = None,
        remit: Remit | None = None,
        request_kinds: RequestKinds | None = None,
    ) -> None:
        self.paths = paths
        self.tokenizer = tokenizer
        self.policy = policy or AnswerPolicy()
        self.config = config or SearchConfig()
        self.reranker = reranker
        self.remit = Remit.load() if remit is None else remit
        self.request_kinds = RequestKinds.load() if request_kinds is None else request_kinds
        self._lock = threading.Lock()
        self._snapshot = self._load()

    def _load(self) -> _Snapshot:
        stamp = manifest_stamp(self.paths)
        manifest = read_manifest(self.paths)
        directory: Path = self.paths.index_dir(manifest.index_dir)
        channels = {name: LexicalIndex.load(directory, name) for name in ("words", "bigrams", "documents")}
        with (directory / "clauses.jsonl").open(encoding="utf-8") as fh:
            clauses = tuple(Clause.from_dict(json.loads(line)) for line in fh)
        documents = {
            d["doc_id"]: Document.from_dict(d) for d in json.loads((directory / "documents.json").read_text("utf-8"))
        }
        row_of = {doc_id: row for row, doc_id in enumerate(documents)}
        document_rows = np.array([row_of[c.doc_id] for c in clauses], dtype=np.int64)
        dense = portraits = encoder = questions = outside = None
        if manifest.model:
            encoder = build_encoder(manifest.model, directory, self.tokenizer, query_prefix=manifest.query_prefix)
            dense = DenseIndex.load(directory)
            questions = QuestionIndex.load(directory, clause_count=len(clauses))
            outside = OutsideIndex.load(directory)
            portraits = Portraits(dense, questions, ready=self.config.question_blend)
        logger.info("knowledge index loaded: %d clauses (%s)", len(clauses), manifest.index_dir)
        rows = {c.clause_id: i for i, c in enumerate(clauses)}
        kinds = ClauseKinds.of(clauses, {doc_id: d.title for doc_id, d in documents.items()})
        holdings = Holdings.of([d.title for d in documents.values()], [d.doc_no for d in documents.values()])
        return _Snapshot(
            manifest, stamp, channels, clauses, documents, document_rows, rows, kinds, holdings,
            dense, portraits, encoder, questions, outside,
        )  # fmt: skip

    @property
    def manifest(self) -> Manifest:
        return self._snapshot.manifest

    def reload_if_changed(self) -> bool:
        """Reload when the manifest was replaced since the last load; say whether it did."""
        if manifest_stamp(self.paths) == self._snapshot.stamp:
            return False
        with self._lock:
            if manifest_stamp(self.paths) == self._snapshot.stamp:
                return False
            self._snapshot = self._load()
        return True

    def contents(self) -> tuple[list[Document], tuple[Clause, ...]]:
        """The live index's documents and clauses (from one snapshot), e.g. to resolve references."""
        snap = self._snapshot
        return list(snap.documents.values()), snap.clauses

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """``texts`` as query vectors under the index's encoder (for matching beside the clauses,
        e.g. service items); raises :class:`LookupError` when the index has no dense channel."""
        encoder = self._snapshot.encoder
        if encoder is None:
            raise LookupError("this index has no sentence encoder")
        if len(texts) == 1:  # a message: search has most likely just encoded it
            return encoder.encode_query(texts[0])[np.newaxis, :]
        return encoder.encode_queries(texts)

    def informativeness(self, bigram: str) -> float:
        """How much a character bigram tells in this knowledge base (0–1, from the live index)."""
        return self._snapshot.channels["bigrams"].informativeness(bigram)

    @property
    def build_key(self) -> tuple[str, tuple[int, int] | None]:
        """Which build is loaded: its directory and the manifest's stamp (a forced rebuild keeps the
        directory, not the stamp); what is derived from a build keys on this."""
        snap = self._snapshot
        return snap.manifest.index_dir, snap.stamp

    @property
    def has_encoder(self) -> bool:
        return self._snapshot.encoder is not None

    def hit_for(self, clause_id: str) -> Hit | None:
        """The clause with this id as a hit (score 0), or ``None`` if the live index lacks it."""
        snap = self._snapshot
        row = snap.rows.get(clause_id)
        if row is None:
            return None
        clause = snap.clauses[row]
        return Hit(clause=clause, document=snap.documents[clause.doc_id], score=0.0)

    def channel_scores(self, query: str, config: SearchConfig | None = None) -> dict[str, np.ndarray]:
        """Each channel's score for every clause (for fusion, evaluation and calibration):
        ``bigrams_raw`` is the plain bigram BM25, from which the answer policy's strength comes;
        ``dense_raw`` the clause texts' own cosines, from which its similarity comes."""
        return self._channel_scores(self._snapshot, query, config or self.config)

    def _channel_scores(self, snap: _Snapshot, query: str, config: SearchConfig) -> dict[str, np.ndarray]:
        text = query.strip()[:MAX_QUERY_CHARS]
        grams = self.tokenizer.bigrams(text)
        raw = snap.channels["bigrams"].scores(grams)
        bigrams = raw / max(float(raw.max()), 1e-9)
        if config.document_prior:
            per_document = snap.channels["documents"].scores(grams)
            bigrams = (
                bigrams
                + config.document_prior * (per_document / max(float(per_document.max()), 1e-9))[snap.document_rows]
            )
        scores = {
            "words": snap.channels["words"].scores(self.tokenizer.tokens(text)),
            "bigrams": bigrams,
            "bigrams_raw": raw,
        }
        if snap.dense is not None and snap.encoder is not None and text:
            vector = snap.encoder.encode_query(text)
            scores["dense_raw"] = snap.dense.scores(vector)
            blend = config.question_blend if config.weights.get("dense", 0.0) > 0 else 0.0
            ranking = snap.portraits.index(blend) if snap.portraits is not None else snap.dense
            scores["dense"] = scores["dense_raw"] if ranking is snap.dense else ranking.scores(vector)
            if snap.questions is not None:
                scores["questions"] = snap.questions.scores(vector)
        return scores

    def search(self, query: str, *, k: int = 5, config: SearchConfig | None = None) -> SearchResult:
        """The ``k`` best clauses for ``query`` and whether the best one answers it."""
        return self.judged(query, k=k, config=config)[0]

    def judged(
        self, query: str, *, k: int = 5, config: SearchConfig | None = None
    ) -> tuple[SearchResult, Signals | None]:
        """:meth:`search`, with the signals search read (for calibration; the confidence model
        weighed them only if it is in use and applies to a knowledge base of this size)."""
        snap = self._snapshot
        config = config or self.config
        if not snap.clauses:
            return SearchResult(query=query, answered=False), None
        scores = self._channel_scores(snap, query, config)
        channels = [v for n, v in scores.items() if not n.endswith("_raw")]
        weights = [config.weights.get(n, 0.0) for n in scores if not n.endswith("_raw")]
        fused = fuse(channels, weights=weights, method=config.method)
        # how close two hits are is judged on min-max's scale, whichever method ranks
        relevance = fused if config.method == "minmax" else fuse(channels, weights=weights, method="minmax")
        text = query.strip()[:MAX_QUERY_CHARS]
        focus = question_focus(text)
        # the question inside the message decides: 「上次被罚过，这次能不能施工？」 asks about the rule
        told = text if points_back(focus) else focus
        factor = snap.kinds.factors(told, config, message=text)
        fused, relevance = fused * factor, relevance * factor
        k = max(1, min(k, len(snap.clauses)))
        depth = min(max(k, self.reranker.depth) if self.reranker else k, len(snap.clauses))
        top = np.argpartition(-fused, depth - 1)[:depth]
        top = top[np.argsort(-fused[top], kind="stable")]
        top = top[fused[top] > 0]
        if self.reranker is not None and len(top) > 1:
            texts = [searchable_text(snap.documents[snap.clauses[i].doc_id], snap.clauses[i]) for i in top]
            top = top[self.reranker.order(query, texts)]
        top = top[:k]
        bigrams = snap.channels["bigrams"]
        asked = [self.tokenizer.bigrams(t) for t in dict.fromkeys((text, focus))]  # context and question
        hits = tuple(
            Hit(
                clause=snap.clauses[i],
                document=snap.documents[snap.clauses[i].doc_id],
                score=float(scores["bigrams_raw"][i]) / bigrams.max_idf,
                coverage=max(bigrams.coverage(grams, int(i)) for grams in asked),
                relevance=float(relevance[i]),
            )
            for i in top
        )
        dense_in_use = "dense" in scores and config.weights.get("dense", 0.0) > 0
        similarity = float(scores["dense_raw"].max()) if dense_in_use else None
        ranks = channel_ranks(scores, int(top[0]), config) if dense_in_use and len(top) else None
        elsewhere, unserved = self.declined(text, quoting=[h.clause.text for h in hits[:3]])
        lean = self._leaning(snap, text) if elsewhere is None else None  # calibration reads it, too
        model, margin = self.policy.confidence, self.policy.outside_margin
        beyond = unserved is not None or (lean is not None and margin is not None and beyond_remit(lean, margin=margin))
        unseen = bigrams.unfamiliar(chinese_bigrams(text))  # the share of its words no clause nor question uses
        signals = signals_of(scores, int(top[0]), hits, lean, similarity, unfamiliar=unseen) if len(top) else None
        judging = signals if model is None or model.applies(len(snap.clauses)) else None  # else the rules
        answered = (
            bool(hits)
            and elsewhere is None
            and not beyond
            and self.policy.accepts(hits[0], similarity, ranks=ranks, signals=judging)
        )
        on_topic = elsewhere is None and not beyond and self.policy.on_topic(similarity)
        return SearchResult(query, answered, hits, similarity, on_topic, elsewhere, beyond, unserved), signals

    def declined(self, text: str, *, quoting: Sequence[str] = ()) -> tuple[str | None, str | None]:
        """Why ``text`` is not the bureau's: another department's matter (``remit``), a request no article serves
        (``request_kind``) or a law the knowledge base does not hold (``UNHELD``), from its words alone; else a figure,
        a list's contents or a thing's class it asks that the clauses quoted (``quoting``, best first) do not state."""
        if (elsewhere := self.remit.elsewhere(text)) is not None:
            return elsewhere, None
        if (kind := self.request_kinds.unserved(text)) is not None or self._snapshot.holdings.unheld(text):
            return None, kind or UNHELD
        if quoting and unstated(question_focus(text), quoting, message=text) is not None:
            return None, UNSTATED
        held = (clause.text for clause in self._snapshot.clauses)
        return None, unlisted(text, quoting) or unclassed(text, quoting, held, informative=self.informativeness)

    def _leaning(self, snap: _Snapshot, text: str) -> float | None:
        """How much nearer ``text`` is to questions that are not the bureau's than to its clauses'
        everyday questions (:mod:`knowledge.search.scope`); ``None`` without both indexes."""
        if not text or snap.encoder is None or snap.questions is None or snap.outside is None:
            return None
        vector = snap.encoder.encode_query(text)  # the same message search just encoded: from its cache
        return leaning(vector, snap.questions, snap.outside)


def open_searcher(settings: SearchSettings, tokenizer: Tokenizer | None = None) -> Searcher:
    """A searcher over the live index with these settings (raises IndexMissing if none)."""
    reranker = load_reranker(settings.reranker_model, depth=settings.rerank_depth) if settings.reranker_model else None
    paths, words = settings.knowledge_paths, tokenizer or Tokenizer.from_directory()
    return Searcher(paths, words, settings.answer_policy, settings.search_config, reranker)

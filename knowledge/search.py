"""Search the live index: ranked clauses with citations, and an honest "no answer".

A :class:`Searcher` loads the index the manifest names, once, and reloads it when
the manifest changes (:meth:`Searcher.reload_if_changed`). Each query runs against
one immutable snapshot, so a reload never disturbs a search in flight.

>>> import tempfile
>>> from knowledge.builder import build_index
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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.lexical import LexicalIndex
from knowledge.manifest import KnowledgePaths, Manifest, manifest_stamp, read_manifest
from knowledge.records import Clause, Document, Hit, SearchResult
from knowledge.tokenizer import Tokenizer

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class AnswerPolicy:
    """When the best hit is good enough to answer with.

    ``min_coverage`` is the share of the query's informative terms (by idf) that the
    best clause must contain; ``min_score`` a floor on its BM25 score.
    """

    min_coverage: float = 0.3
    min_score: float = 3.0

    def accepts(self, hit: Hit) -> bool:
        return hit.coverage >= self.min_coverage and hit.score >= self.min_score


@dataclass(frozen=True)
class _Snapshot:
    manifest: Manifest
    stamp: tuple[int, int] | None
    lexical: LexicalIndex
    clauses: tuple[Clause, ...]
    documents: dict[str, Document]


class Searcher:
    """Query interface over one knowledge home."""

    def __init__(self, paths: KnowledgePaths, tokenizer: Tokenizer, policy: AnswerPolicy | None = None) -> None:
        self.paths = paths
        self.tokenizer = tokenizer
        self.policy = policy or AnswerPolicy()
        self._lock = threading.Lock()
        self._snapshot = self._load()

    def _load(self) -> _Snapshot:
        stamp = manifest_stamp(self.paths)
        manifest = read_manifest(self.paths)
        directory: Path = self.paths.index_dir(manifest.index_dir)
        lexical = LexicalIndex.load(directory)
        with (directory / "clauses.jsonl").open(encoding="utf-8") as fh:
            clauses = tuple(Clause.from_dict(json.loads(line)) for line in fh)
        documents = {
            d["doc_id"]: Document.from_dict(d) for d in json.loads((directory / "documents.json").read_text("utf-8"))
        }
        logger.info("knowledge index loaded: %d clauses (%s)", len(clauses), manifest.index_dir)
        return _Snapshot(manifest, stamp, lexical, clauses, documents)

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

    def search(self, query: str, *, k: int = 5) -> SearchResult:
        """The ``k`` best clauses for ``query`` and whether the best one answers it."""
        snap = self._snapshot
        text = query.strip()[:MAX_QUERY_CHARS]
        tokens = self.tokenizer.tokens(text)
        if not tokens or snap.lexical.size == 0:
            return SearchResult(query=query, answered=False)
        scores = snap.lexical.scores(tokens)
        k = max(1, min(k, snap.lexical.size))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        hits = tuple(
            Hit(
                clause=snap.clauses[i],
                document=snap.documents[snap.clauses[i].doc_id],
                score=float(scores[i]),
                coverage=snap.lexical.coverage(tokens, int(i)),
            )
            for i in top
            if scores[i] > 0
        )
        answered = bool(hits) and self.policy.accepts(hits[0])
        return SearchResult(query=query, answered=answered, hits=hits)

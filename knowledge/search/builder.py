"""Build the search index from the library, atomically, only when something changed.

>>> import tempfile
>>> from pathlib import Path
>>> paths = KnowledgePaths(Path(tempfile.mkdtemp()))
>>> report = build_index(paths, Tokenizer.from_directory())
>>> report.built, report.manifest.clause_count
(True, 18)
>>> build_index(paths, Tokenizer.from_directory()).built
False
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from knowledge.documents.importer import import_defaults
from knowledge.documents.library import Library
from knowledge.documents.questions import QuestionBank
from knowledge.documents.records import Clause, document_text, searchable_text
from knowledge.search.dense import KB_STATIC, DenseIndex, Encoder, build_encoder, encoder_fingerprint
from knowledge.search.embedding_cache import EmbeddingCache
from knowledge.search.lexical import LexicalIndex
from knowledge.search.manifest import IndexMissing, KnowledgePaths, Manifest, read_manifest, write_manifest
from knowledge.search.questions import QuestionIndex
from knowledge.search.scope import OutsideIndex, OutsideQuestions
from knowledge.search.tokenizer import Tokenizer
from knowledge.search.vector_pack import BundledVectors, VectorPack

logger = logging.getLogger(__name__)

BUILD_VERSION = "5"
Progress = Callable[[Iterable[Clause]], Iterable[Clause]]


@dataclass(frozen=True)
class BuildReport:
    built: bool
    manifest: Manifest


def build_index(
    paths: KnowledgePaths,
    tokenizer: Tokenizer,
    *,
    embedding_model: str = "",
    query_prefix: str = "",
    force: bool = False,
    progress: Progress | None = None,
    defaults: Mapping[str, Path] | None = None,
    questions: QuestionBank | None = None,
    outside: OutsideQuestions | None = None,
    pack: VectorPack | None = None,
) -> BuildReport:
    """Rebuild the index if the library's content, the clauses' everyday questions (``questions``,
    the bundled bank by default), the questions that are not the bureau's (``outside``, likewise:
    :mod:`knowledge.search.scope`), the tokenizer's lexicon or the embedding model changed (or
    ``force``). Clause vectors missing from the embedding cache are read from ``pack`` (the
    vectors bundled for the default knowledge, :mod:`knowledge.search.vector_pack`, by default)
    before any is encoded.

    Raises :class:`knowledge.search.dense.EmbeddingModelError` when the model cannot be loaded;
    the live index is then left as it was.
    """
    library = Library.open(paths.library)
    import_defaults(library, defaults)
    bank = QuestionBank.load() if questions is None else questions
    outside_questions = OutsideQuestions.load() if outside is None else outside
    fingerprint = encoder_fingerprint(embedding_model, query_prefix)
    content_hash = (
        f"{BUILD_VERSION}:{library.content_hash()}:{fingerprint}:{tokenizer.lexicon.fingerprint()}:"
        f"{bank.fingerprint}:{outside_questions.fingerprint}"
    )
    name = hashlib.sha256(content_hash.encode()).hexdigest()[:16]
    try:
        current = read_manifest(paths)
        if not force and current.content_hash == content_hash and paths.index_dir(current.index_dir).exists():
            return BuildReport(built=False, manifest=current)
    except IndexMissing:
        pass

    documents, clauses = library.effective()
    words: list[list[str]] = []
    grams: list[list[str]] = []
    texts: list[str] = []
    asked: list[tuple[str, ...]] = []  # each clause's everyday questions: vectors of the question channel
    for clause in progress(clauses) if progress else clauses:
        text = searchable_text(documents[clause.doc_id], clause)
        texts.append(text)
        asked.append(bank.for_clause(documents[clause.doc_id], clause))
        lexical = "\n".join([text, *bank.words_for_clause(documents[clause.doc_id], clause)])
        words.append(tokenizer.tokens(lexical))
        grams.append(tokenizer.bigrams(lexical))

    staging = paths.indexes / f".{name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        LexicalIndex.build(words).save(staging, "words")
        LexicalIndex.build(grams).save(staging, "bigrams")
        LexicalIndex.build([tokenizer.bigrams(document_text(d, clauses)) for d in documents.values()]).save(
            staging, "documents"
        )
        dimension = None
        if embedding_model:
            contexts = [" ".join([documents[c.doc_id].title, *c.headings]) for c in clauses]
            encoder = build_encoder(
                embedding_model, staging, tokenizer, query_prefix=query_prefix, clauses=clauses, contexts=contexts
            )
            question_texts = [q for qs in asked for q in qs]
            question_rows = np.array([row for row, qs in enumerate(asked) for _ in qs], dtype=np.int64)
            # the scope check compares with the everyday questions: without them it has no side
            outside_texts = list(outside_questions.texts) if question_texts else []
            if embedding_model == KB_STATIC:  # retrained on every build: nothing to reuse
                vectors = encoder.encode_documents(texts)
                question_vectors = encoder.encode_queries(question_texts) if question_texts else None
                outside_vectors = encoder.encode_queries(outside_texts) if outside_texts else None
            else:
                cache = EmbeddingCache.open(paths.embeddings)
                try:
                    source = BundledVectors() if pack is None else pack
                    vectors = cache.encode(encoder, fingerprint, texts, refresh=force, pack=source)
                    as_queries = _AsQueries(encoder)
                    question_vectors = cache.encode(
                        as_queries, f"{fingerprint}|query", question_texts, refresh=force, kind="question"
                    )
                    outside_vectors = cache.encode(
                        as_queries, f"{fingerprint}|query", outside_texts, refresh=force, kind="outside question"
                    )
                finally:
                    cache.close()
            DenseIndex.build(vectors).save(staging)
            if question_texts and question_vectors is not None:
                QuestionIndex.build(question_vectors, question_rows, clause_count=len(clauses)).save(staging)
            if outside_texts and outside_vectors is not None:
                OutsideIndex.build(outside_vectors).save(staging)
            dimension = encoder.dimension
        with (staging / "clauses.jsonl").open("w", encoding="utf-8") as fh:
            for clause in clauses:
                fh.write(json.dumps(clause.to_dict(), ensure_ascii=False) + "\n")
        (staging / "documents.json").write_text(
            json.dumps([d.to_dict() for d in documents.values()], ensure_ascii=False), "utf-8"
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    channels = ["words", "bigrams", *(["dense"] if embedding_model else [])]
    if embedding_model and any(asked):
        channels.append("questions")
        if len(outside_questions):
            channels.append("scope")
    final = paths.index_dir(name)
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)
    manifest = Manifest(
        content_hash=content_hash,
        clause_count=len(clauses),
        document_count=len(documents),
        index_dir=name,
        model=embedding_model or None,
        dimension=dimension,
        query_prefix=query_prefix,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        channels=channels,
    )
    write_manifest(paths, manifest)
    _prune(paths, keep=name)
    logger.info("knowledge index built: %d clauses from %d documents", len(clauses), len(documents))
    return BuildReport(built=True, manifest=manifest)


class _AsQueries:
    """The encoder seen by the embedding cache as one that encodes questions as queries."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode_queries(texts)


def _prune(paths: KnowledgePaths, *, keep: str) -> None:
    """Drop old index folders; readers that still hold one have it loaded in memory."""
    for child in paths.indexes.iterdir():
        if child.name != keep and not child.name.startswith("."):
            shutil.rmtree(child, ignore_errors=True)

"""Build the search index from the library, atomically, only when something changed.

>>> import tempfile
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from knowledge.dense import KB_STATIC, STATIC_DIR, DenseIndex, Encoder, load_model
from knowledge.lexical import LexicalIndex
from knowledge.library import Library
from knowledge.manifest import IndexMissing, KnowledgePaths, Manifest, read_manifest, write_manifest
from knowledge.parser import parse_text
from knowledge.records import Clause, Document
from knowledge.static_model import train_static_model
from knowledge.tokenizer import Tokenizer

logger = logging.getLogger(__name__)

DEFAULT_DOCUMENTS = Path(__file__).parent / "data" / "documents"
BUILD_VERSION = "4"
Progress = Callable[[Iterable[Clause]], Iterable[Clause]]


@dataclass(frozen=True)
class BuildReport:
    built: bool
    manifest: Manifest


def import_defaults(library: Library, directory: Path = DEFAULT_DOCUMENTS) -> int:
    """Import the bundled documents once per library; return how many were imported.

    Once done it is remembered, so a bundled document that an administrator removed
    or repealed stays so.
    """
    if library.get_meta("defaults_imported"):
        return 0
    count = 0
    for path in sorted(directory.iterdir()):
        if path.suffix in {".txt", ".md"}:
            library.upsert(parse_text(path.read_text("utf-8"), source=f"bundled:{path.name}"))
            count += 1
    library.set_meta("defaults_imported", directory.name)
    return count


def searchable_text(document: Document, clause: Clause) -> str:
    """What the lexical channel indexes for a clause: the title counts with the text."""
    return "\n".join([document.title, *clause.headings, clause.text])


def document_text(document: Document, clauses: list[Clause]) -> str:
    """A whole document as one text, for the document-level prior: title and every clause."""
    return "\n".join([document.title, *(c.text for c in clauses if c.doc_id == document.doc_id)])


def build_index(
    paths: KnowledgePaths,
    tokenizer: Tokenizer,
    *,
    embedding_model: str = "",
    query_prefix: str = "",
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Rebuild the index if the library's content or the embedding model changed (or ``force``).

    Raises :class:`knowledge.dense.EmbeddingModelError` when the model cannot be loaded;
    the live index is then left as it was.
    """
    library = Library.open(paths.library)
    import_defaults(library)
    content_hash = f"{BUILD_VERSION}:{library.content_hash()}:{embedding_model}:{query_prefix}"
    name = hashlib.sha256(content_hash.encode()).hexdigest()[:16]
    try:
        current = read_manifest(paths)
        if not force and current.content_hash == content_hash and paths.index_dir(current.index_dir).exists():
            return BuildReport(built=False, manifest=current)
    except IndexMissing:
        pass

    documents = {d.doc_id: d for d in library.documents() if d.status == "effective"}
    clauses = [c for c in library.clauses() if c.doc_id in documents]
    words: list[list[str]] = []
    grams: list[list[str]] = []
    texts: list[str] = []
    for clause in progress(clauses) if progress else clauses:
        text = searchable_text(documents[clause.doc_id], clause)
        texts.append(text)
        words.append(tokenizer.tokens(text))
        grams.append(tokenizer.bigrams(text))

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
            DenseIndex.build(encoder.encode_documents(texts)).save(staging)
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
        channels=["words", "bigrams", "dense"] if embedding_model else ["words", "bigrams"],
    )
    write_manifest(paths, manifest)
    _prune(paths, keep=name)
    logger.info("knowledge index built: %d clauses from %d documents", len(clauses), len(documents))
    return BuildReport(built=True, manifest=manifest)


def build_encoder(
    spec: str,
    directory: Path,
    tokenizer: Tokenizer,
    *,
    query_prefix: str = "",
    clauses: list[Clause] | None = None,
    contexts: list[str] | None = None,
) -> Encoder:
    """The encoder named by ``spec``; ``kb-static`` is trained here when clauses are given, else loaded."""
    if spec != KB_STATIC:
        return Encoder(model=load_model(spec), name=spec, query_prefix=query_prefix)
    model_dir = directory / STATIC_DIR
    if clauses is not None and contexts is not None:
        model = train_static_model([c.text for c in clauses], contexts, tokenizer.tokens)
        model.save(str(model_dir))
    else:
        model = load_model(model_dir)
    return Encoder(model=model, name=spec, pretokenize=lambda text: " ".join(tokenizer.tokens(text)))


def _prune(paths: KnowledgePaths, *, keep: str) -> None:
    """Drop old index folders; readers that still hold one have it loaded in memory."""
    for child in paths.indexes.iterdir():
        if child.name != keep and not child.name.startswith("."):
            shutil.rmtree(child, ignore_errors=True)

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

import json
import logging
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from knowledge.lexical import LexicalIndex
from knowledge.library import Library
from knowledge.manifest import IndexMissing, KnowledgePaths, Manifest, read_manifest, write_manifest
from knowledge.parser import parse_text
from knowledge.records import Clause, Document
from knowledge.tokenizer import Tokenizer

logger = logging.getLogger(__name__)

DEFAULT_DOCUMENTS = Path(__file__).parent / "data" / "documents"
BUILD_VERSION = "lexical-1"
Progress = Callable[[Iterable[Clause]], Iterable[Clause]]


@dataclass(frozen=True)
class BuildReport:
    built: bool
    manifest: Manifest


def import_defaults(library: Library, directory: Path = DEFAULT_DOCUMENTS) -> int:
    """Import the bundled documents into an empty library; return how many were added."""
    if library.documents():
        return 0
    added = 0
    for path in sorted(directory.iterdir()):
        if path.suffix in {".txt", ".md"}:
            library.upsert(parse_text(path.read_text("utf-8"), source=f"bundled:{path.name}"))
            added += 1
    return added


def searchable_text(document: Document, clause: Clause) -> str:
    """What the lexical channel indexes for a clause: the title counts with the text."""
    return "\n".join([document.title, *clause.headings, clause.text])


def build_index(
    paths: KnowledgePaths,
    tokenizer: Tokenizer,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Rebuild the index if the library's content changed (or ``force``)."""
    library = Library.open(paths.library)
    import_defaults(library)
    content_hash = f"{BUILD_VERSION}:{library.content_hash()}"
    name = content_hash.split(":", 1)[1][:16]
    try:
        current = read_manifest(paths)
        if not force and current.content_hash == content_hash and paths.index_dir(current.index_dir).exists():
            return BuildReport(built=False, manifest=current)
    except IndexMissing:
        pass

    documents = {d.doc_id: d for d in library.documents() if d.status == "effective"}
    clauses = [c for c in library.clauses() if c.doc_id in documents]
    seq: Iterable[Clause] = progress(clauses) if progress else clauses
    tokens = [tokenizer.tokens(searchable_text(documents[c.doc_id], c)) for c in seq]

    staging = paths.indexes / f".{name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    LexicalIndex.build(tokens).save(staging)
    with (staging / "clauses.jsonl").open("w", encoding="utf-8") as fh:
        for clause in clauses:
            fh.write(json.dumps(clause.to_dict(), ensure_ascii=False) + "\n")
    (staging / "documents.json").write_text(
        json.dumps([d.to_dict() for d in documents.values()], ensure_ascii=False), "utf-8"
    )
    final = paths.index_dir(name)
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)
    manifest = Manifest(
        content_hash=content_hash,
        clause_count=len(clauses),
        document_count=len(documents),
        index_dir=name,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    write_manifest(paths, manifest)
    _prune(paths, keep=name)
    logger.info("knowledge index built: %d clauses from %d documents", len(clauses), len(documents))
    return BuildReport(built=True, manifest=manifest)


def _prune(paths: KnowledgePaths, *, keep: str) -> None:
    """Drop old index folders; readers that still hold one have it loaded in memory."""
    for child in paths.indexes.iterdir():
        if child.name != keep and not child.name.startswith("."):
            shutil.rmtree(child, ignore_errors=True)

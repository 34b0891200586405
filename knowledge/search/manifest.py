"""Where knowledge lives under ``$ECOASSIST_HOME`` and the manifest that names the live index.

A build writes a complete index into its own folder ``knowledge/index/<hash>/`` and
then replaces ``knowledge/manifest.json`` atomically. Readers only ever follow the
manifest, so they see the old index or the new one, never a half-written mix, and a
changed manifest is the signal to reload.

>>> import tempfile
>>> paths = KnowledgePaths(Path(tempfile.mkdtemp()))
>>> write_manifest(paths, Manifest(content_hash="abc", clause_count=3, document_count=1, index_dir="abc"))
>>> read_manifest(paths).clause_count
3
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


class IndexMissing(FileNotFoundError):
    """No knowledge index has been built under this home yet (run ``ecoassist kb build``)."""


@dataclass(frozen=True)
class KnowledgePaths:
    """The files of one knowledge base, all under ``home/knowledge``."""

    home: Path

    @property
    def root(self) -> Path:
        return self.home / "knowledge"

    @property
    def library(self) -> Path:
        return self.root / "library.db"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def embeddings(self) -> Path:
        """Clause vectors kept between builds (:mod:`knowledge.search.embedding_cache`)."""
        return self.root / "embeddings.db"

    @property
    def indexes(self) -> Path:
        return self.root / "index"

    def index_dir(self, name: str) -> Path:
        return self.indexes / name


@dataclass(frozen=True)
class Manifest:
    """What the live index holds and how it was made."""

    content_hash: str
    clause_count: int
    document_count: int
    index_dir: str
    model: str | None = None
    dimension: int | None = None
    query_prefix: str = ""
    built_at: str = ""
    channels: list[str] = field(default_factory=lambda: ["words", "bigrams"])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_manifest(paths: KnowledgePaths) -> Manifest:
    """The live manifest. Raises :class:`IndexMissing` when there is none."""
    try:
        data = json.loads(paths.manifest.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise IndexMissing(f"no knowledge index at {paths.root}; run `ecoassist kb build`") from exc
    return Manifest(**{k: v for k, v in data.items() if k in Manifest.__dataclass_fields__})


def manifest_stamp(paths: KnowledgePaths) -> tuple[int, int] | None:
    """A cheap fingerprint (mtime, size) to notice that the manifest was replaced."""
    try:
        st = paths.manifest.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_manifest(paths: KnowledgePaths, manifest: Manifest) -> None:
    write_atomic(paths.manifest, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2))

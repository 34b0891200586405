"""Import policy documents from files into the library, one document per file.

Markdown, plain text and .docx are read; UTF-8 (with or without BOM) and GBK/GB18030
are decoded. An empty file, a binary file, an undecodable file or one with no text
left after cleaning is refused with a clear message; the others are parsed and
written one transaction each, so a bad file never leaves half a document behind.

>>> import tempfile, sqlite_utils
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_bytes("关于试行的若干措施\\n（一）措施一。".encode("gbk"))
>>> _ = (folder / "b.txt").write_bytes(b"\\x00\\x01binary")
>>> lib = Library(sqlite_utils.Database(memory=True))
>>> [(o.path.name, o.status) for o in import_paths(lib, [folder])]
[('a.txt', 'added'), ('b.txt', 'refused')]
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from knowledge.documents.library import Library
from knowledge.documents.parser import ParseError, parse_text

logger = logging.getLogger(__name__)

DEFAULT_DOCUMENTS = Path(__file__).parents[1] / "data" / "documents"
SUFFIXES = {".md", ".markdown", ".txt", ".docx"}
FILENAME_DATE_RE = re.compile(r"[（(](\d{4}-\d{2}-\d{2})[）)]$")
Status = Literal["added", "updated", "unchanged", "refused"]


class ImportRefused(ValueError):
    """This file cannot be imported; the message says why, for the person importing it."""


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: Status
    title: str = ""
    clauses: int = 0
    message: str = ""


def decode(data: bytes) -> str:
    """Text of a file's bytes: UTF-8 (BOM or not), else GB18030 (a superset of GBK)."""
    if not data.strip():
        raise ImportRefused("文件为空")
    if b"\x00" in data[:8192]:
        raise ImportRefused("这是二进制文件，不是文本文档（支持 .md、.txt、.docx）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused("无法识别文件编码（支持 UTF-8 和 GBK）")


def read_docx(path: Path) -> str:
    """Paragraph text of a .docx file, one paragraph a line."""
    import docx  # python-docx, loaded only when a .docx is imported
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportRefused(f"无法读取 Word 文档：{exc}") from exc
    return "\n".join(p.text for p in document.paragraphs)


def read_document(path: Path) -> str:
    if path.suffix.lower() == ".docx":
        return read_docx(path)
    return decode(path.read_bytes())


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to import: the files given, and the supported files inside the folders given."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def import_file(library: Library, path: Path) -> ImportOutcome:
    try:
        if not path.is_file():
            raise ImportRefused("文件不存在")
        if path.suffix.lower() not in SUFFIXES:
            raise ImportRefused(f"不支持的文件类型 {path.suffix or '（无扩展名）'}（支持 .md、.txt、.docx）")
        parsed = parse_text(read_document(path), source=str(path))
    except (ImportRefused, ParseError, OSError) as exc:
        logger.warning("refused %s: %s", path, exc)
        return ImportOutcome(path=path, status="refused", message=str(exc))
    document = parsed.document
    if not document.effective_on and (m := FILENAME_DATE_RE.search(path.stem)):
        document = type(document)(**{**document.to_dict(), "effective_on": m.group(1)})
        parsed = type(parsed)(document=document, clauses=parsed.clauses)
    status = library.upsert(parsed, imported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return ImportOutcome(path=path, status=status, title=document.title, clauses=len(parsed.clauses))


def import_paths(library: Library, paths: Iterable[Path]) -> list[ImportOutcome]:
    """Import every file; one bad file is reported and skipped, never fatal for the others."""
    return [import_file(library, path) for path in expand(paths)]


LEGACY_SEED_MARK = "documents"  # what libraries imported before the statutes became defaults recorded


def imported_defaults(library: Library) -> set[str]:
    """The default folders (by role: ``seed``, ``statutes``) already imported into this library."""
    done = {name for name in (library.get_meta("defaults_imported") or "").split(",") if name}
    return {"seed" if name == LEGACY_SEED_MARK else name for name in done}


def import_defaults(library: Library, defaults: Mapping[str, Path] | None = None) -> int:
    """Import each default folder once per library; return how many documents were imported.

    ``defaults`` maps a role to its folder: the bundled seed policy (``seed``, the default)
    and the public statutes (``statutes``, from the settings). A role is remembered once a
    document of its folder is in the library, so a default document that an administrator
    removed or repealed stays so (even if the folder moves), and a folder that is missing or
    empty now is imported when it appears (an upgrade that adds the statutes).
    """
    defaults = {"seed": DEFAULT_DOCUMENTS} if defaults is None else defaults
    done = imported_defaults(library)
    count = 0
    for role, directory in defaults.items():
        if role in done:
            continue
        if not directory.is_dir():
            logger.warning("default documents (%s) not found at %s; skipped", role, directory)
            continue
        if role == "seed":
            outcomes = [
                library.upsert(parse_text(path.read_text("utf-8"), source=f"bundled:{path.name}"))
                for path in sorted(directory.iterdir())
                if path.suffix in {".txt", ".md"}
            ]
            found = len(outcomes)
            count += found
        else:
            imported = import_paths(library, [directory])
            found = sum(o.status != "refused" for o in imported)
            count += sum(o.status in ("added", "updated") for o in imported)
            for o in imported:
                if o.status == "refused":
                    logger.warning("default document %s refused: %s", o.path.name, o.message)
        if found:
            done.add(role)
            library.set_meta("defaults_imported", ",".join(sorted(done)))
    return count

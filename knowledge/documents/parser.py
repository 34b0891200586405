"""Split a policy document's text into a :class:`Document` and its clauses.

Three shapes of Chinese policy text are recognised:

* statutes, whose clauses are articles (``第十四条``) under chapter headings;
* bureau measures, whose clauses are enumerated measures (``（二）``) under
  numbered section headings (``一、深化行政审批制度改革``);
* documents with neither, whose clauses are numbered paragraphs (``一、``) or,
  failing that, plain paragraphs.

Hard line wraps (common in text copied from PDFs) are joined, and repeated page
furniture such as the ``本文来自网络……`` watermark is dropped.

>>> text = "关于试行的若干措施\\n一、总体要求\\n（一）第一项措施。（法规处）\\n（二）第二项。"
>>> parsed = parse_text(text, source="x.txt")
>>> [(c.label, c.headings, c.departments) for c in parsed.clauses]
[('（一）', ('一、总体要求',), ('法规处',)), ('（二）', ('一、总体要求',), ())]
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from knowledge.documents.records import Clause, Document, ParsedDocument

CN_NUM = "一二三四五六七八九十百千零〇两"
ARTICLE_RE = re.compile(rf"^(第[{CN_NUM}\d]+条)\s*")
MEASURE_RE = re.compile(rf"^([（(][{CN_NUM}]+[）)])\s*")
NUMBERED_RE = re.compile(rf"^([{CN_NUM}]+、)\s*")
HEADING_RE = re.compile(rf"^第[{CN_NUM}\d]+([编章节])(?:\s|$)")
DOC_NO_RE = re.compile(r"[\u4e00-\u9fa5]{1,10}[〔［\[(（]\d{4}[〕］\])）]\s*\d+\s*号")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
TITLE_END_RE = re.compile(r"(措施|办法|规定|条例|通知|意见|决定|方案|细则|规划|法|规则|指南|公告)$")
ISSUER_RE = re.compile(r"^[\u4e00-\u9fa5]{2,30}(局|政府|委员会|厅|部|办公室|常务委员会)$")
DEPARTMENT_RE = re.compile(r"(处|局|队|室|单位|所|中心|办公室|委员会|部门|总队)$")
TRAILING_PARENS_RE = re.compile(r"[（(]([^（）()]{2,120})[）)]\s*$")
SENTENCE_END = tuple("。；：！？;:!?”」』")
WATERMARK_RE = re.compile(r"本文来自网络|如有任何异议请联系|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^-\s*\d+\s*-$")
HEADING_LEVEL = {"编": 1, "章": 2, "节": 3}
INFO_END = "<!-- INFO END -->"


class ParseError(ValueError):
    """The text cannot be made into a document (for example, it is empty)."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_for(title: str, doc_no: str = "") -> str:
    """A stable id for a document: the same title and number always give the same id."""
    return hashlib.sha1(f"{title}|{doc_no}".encode()).hexdigest()[:12]


def clean_lines(text: str) -> list[str]:
    """Non-empty stripped lines with watermarks and repeated page furniture removed."""
    lines = [ln.replace("\u3000", " ").strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln and not WATERMARK_RE.search(ln)]
    counts = Counter(lines)
    return [
        ln
        for ln in lines
        if counts[ln] < 3 or len(ln) < 8 or ARTICLE_RE.match(ln) or MEASURE_RE.match(ln) or HEADING_RE.match(ln)
    ]


@dataclass
class _Block:
    label: str
    headings: tuple[str, ...]
    parts: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        if self.parts and not self.parts[-1].endswith(SENTENCE_END):
            self.parts[-1] += line
        else:
            self.parts.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self.parts).strip()


def split_departments(text: str) -> tuple[str, tuple[str, ...]]:
    """Take the trailing ``（环评处、各区生态环境局）`` off a clause.

    >>> split_departments("做好服务。（环评处、各区生态环境局）")
    ('做好服务。', ('环评处', '各区生态环境局'))
    >>> split_departments("见附件（一）")
    ('见附件（一）', ())
    """
    match = TRAILING_PARENS_RE.search(text)
    if not match:
        return text, ()
    parts = [p.strip() for p in re.split(r"[、，,]", match.group(1)) if p.strip()]
    if not parts or not all(DEPARTMENT_RE.search(p) or p == "各有关处室" for p in parts):
        return text, ()
    return text[: match.start()].rstrip(), tuple(parts)


def _header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Find title, number, issuer and dates; return them and the body lines."""
    meta: dict[str, str] = {"title": "", "doc_no": "", "issuer": "", "issued_on": "", "effective_on": ""}
    if INFO_END in lines:
        cut = lines.index(INFO_END)
        head, body = lines[:cut], lines[cut + 1 :]
        for ln in head:
            if ln.startswith("#") and not meta["title"]:
                meta["title"] = ln.lstrip("#").strip()
            elif (m := DATE_RE.search(ln)) and "施行" in ln:
                meta["effective_on"] = _iso(m)
            elif (m := DATE_RE.search(ln)) and not meta["issued_on"]:
                meta["issued_on"] = _iso(m)
        return meta, body

    title_at = -1
    for i, ln in enumerate(lines[:20]):
        bare = ln.lstrip("#").strip()
        if ln.startswith("# ") or ("《" not in bare and 6 <= len(bare) <= 60 and TITLE_END_RE.search(bare)):
            meta["title"] = bare
            title_at = i
            break
    if title_at < 0 and len(lines) > 1 and len(lines[0]) <= 40 and not lines[0].endswith(SENTENCE_END):
        meta["title"], title_at = lines[0].lstrip("#").strip(), 0
    for ln in lines[: max(title_at, 0) + 10]:
        if not meta["doc_no"] and (m := DOC_NO_RE.search(ln)):
            meta["doc_no"] = re.sub(r"\s+", "", m.group(0))
        if not meta["issuer"] and ISSUER_RE.match(ln):
            meta["issuer"] = ln
        if not meta["issued_on"] and (m := DATE_RE.fullmatch(ln)):
            meta["issued_on"] = _iso(m)
    return meta, lines[title_at + 1 :]


def _iso(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _mode(body: list[str]) -> str:
    if any(ARTICLE_RE.match(ln) for ln in body):
        return "article"
    if any(MEASURE_RE.match(ln) for ln in body):
        return "measure"
    if any(NUMBERED_RE.match(ln) for ln in body):
        return "numbered"
    return "paragraph"


def _blocks(body: list[str], mode: str) -> list[_Block]:
    starter = {"article": ARTICLE_RE, "measure": MEASURE_RE, "numbered": NUMBERED_RE}.get(mode)
    headings: dict[int, str] = {}
    blocks: list[_Block] = []
    current: _Block | None = None
    for raw in body:
        line = raw.lstrip("#").strip() if raw.startswith("#") else raw
        heading = HEADING_RE.match(line)
        if heading or raw.startswith("#") or (mode == "measure" and NUMBERED_RE.match(line)):
            level = HEADING_LEVEL[heading.group(1)] if heading else (2 if NUMBERED_RE.match(line) else 1)
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = re.sub(r"\s+", " ", line)
            current = None
            continue
        path = tuple(headings[k] for k in sorted(headings))
        if starter is None:
            blocks.append(_Block(label=f"第{len(blocks) + 1}段", headings=path, parts=[line]))
            continue
        if m := starter.match(line):
            current = _Block(label=m.group(1), headings=path)
            current.add(line[m.end() :] if mode == "article" else line[m.end() :].strip())
            if mode == "measure":
                current.parts[0] = line  # measures keep their label in the text, as written
            blocks.append(current)
        elif current is not None:
            current.add(line)
    return blocks


def parse_text(text: str, *, source: str = "") -> ParsedDocument:
    """Parse one document's text. Raises :class:`ParseError` when nothing usable is left."""
    lines = clean_lines(text)
    if not lines:
        raise ParseError("文件为空，或只有水印等无效内容")
    meta, body = _header(lines)
    title = meta["title"] or (source.rsplit("/", 1)[-1].rsplit(".", 1)[0] if source else "")
    if not title:
        raise ParseError("无法识别文件标题")
    doc_id = doc_id_for(title, meta["doc_no"])
    clauses: list[Clause] = []
    seen: Counter[str] = Counter()
    for position, block in enumerate(_blocks(body, _mode(body)), start=1):
        text_body, departments = split_departments(block.text)
        if not text_body:
            continue
        seen[block.label] += 1
        suffix = "" if seen[block.label] == 1 else f"#{seen[block.label]}"
        clauses.append(
            Clause(
                clause_id=f"{doc_id}:{block.label}{suffix}",
                doc_id=doc_id,
                label=block.label,
                headings=block.headings,
                text=text_body,
                departments=departments,
                position=position,
            )
        )
    if not clauses:
        raise ParseError("未能从文件中识别出任何条款")
    document = Document(
        doc_id=doc_id,
        title=title,
        doc_no=meta["doc_no"],
        issuer=meta["issuer"],
        issued_on=meta["issued_on"],
        effective_on=meta["effective_on"],
        source=source,
        content_hash=content_hash("\n".join(lines)),
    )
    return ParsedDocument(document=document, clauses=tuple(clauses))

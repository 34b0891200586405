"""Generate the jieba dictionary of knowledge-base terms that Rasa's JiebaTokenizer loads.

Terms: the canonical terms and aliases of the synonym map, and the short names of the
documents in the library (「排污许可管理条例」, 「大气污染防治法」 without the
「中华人民共和国」/「上海市」 prefix). Written in jieba's ``word freq tag`` format to
``knowledge/data/jieba/kb_terms.txt``, next to the hand-kept ``user_dict.txt``.

>>> short_title("中华人民共和国大气污染防治法"), short_title("上海市生活垃圾管理条例")
('大气污染防治法', '生活垃圾管理条例')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from knowledge.library import Library
from knowledge.tokenizer import Lexicon

KB_TERMS_FILE = Path(__file__).parent / "data" / "jieba" / "kb_terms.txt"
PREFIX_RE = re.compile(r"^(中华人民共和国|上海市)")
CJK_RE = re.compile(r"^[\u4e00-\u9fff]{2,20}$")


def short_title(title: str) -> str:
    return PREFIX_RE.sub("", title)


def kb_terms(lexicon: Lexicon, titles: Iterable[str]) -> list[str]:
    """Sorted, de-duplicated Chinese terms of 2–20 characters."""
    candidates = [*lexicon.synonyms, *(a for aliases in lexicon.synonyms.values() for a in aliases)]
    for title in titles:
        candidates += [title, short_title(title)]
    return sorted({t for t in candidates if CJK_RE.match(t)})


def render(terms: Iterable[str]) -> str:
    # jieba's dictionary format has no comments: the file is documented in the README instead.
    return "".join(f"{t} 50 n\n" for t in terms)


def write_dictionary(library: Library, lexicon: Lexicon, path: Path = KB_TERMS_FILE) -> int:
    terms = kb_terms(lexicon, (d.title for d in library.documents() if d.status == "effective"))
    path.write_text(render(terms), "utf-8")
    return len(terms)

"""Which environmental medium a law governs, and which media a question names.

Most environmental statutes govern one medium: the 大气污染防治法 air, the 水污染防治法 water,
the 固体废物污染环境防治法 solid waste. Neighbouring articles of two such laws say much the
same (online monitors, accident reports, records kept), so a question about waste water could
meet the air law's article first: 「废水在线监测设备必须装吗」 found 大气污染防治条例 第三十二条.
A question that names a medium (废水, 废气, 危废 …) is about that medium, so the searcher
scales the clauses of laws that govern *another* medium down by ``SearchConfig.medium_preference``
(:meth:`knowledge.search.clause_kind.ClauseKinds.factors`). Laws about all media (环境保护法,
行政处罚法 …) are never scaled, nor is any law for a question that names no medium.

``knowledge/data/lexicon/media.yml`` lists each medium's title words and question words; it is
data the bureau's staff can extend.

>>> media = Media.load()
>>> media.governed("中华人民共和国水污染防治法"), media.governed("中华人民共和国环境保护法")
('water', None)
>>> sorted(media.named("污水站的污泥能当一般固废处理吗"))
['solid', 'water']
>>> media.named("排污许可证怎么核发")
frozenset()
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.documents.questions import read_yaml

DEFAULT_MEDIA = Path(__file__).parents[1] / "data" / "lexicon" / "media.yml"


class MediaError(ValueError):
    """``media.yml`` cannot be read; the message says what is wrong."""


def _words(entry: Any, key: str, where: str) -> list[str]:
    """The non-empty list of words under ``key`` of a medium's ``entry``."""
    words = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise MediaError(f"{where} needs a non-empty list of {key} (words)")
    return words


def _alternatives(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


@dataclass(frozen=True)
class Media:
    """Per medium, a pattern of the title words of a law that governs it and one of the words by
    which a question names it."""

    titles: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    words: Mapping[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Media:
        """The media of ``path``, the bundled file by default (no file: none, so nothing is
        scaled). Raises :class:`MediaError` on a malformed file."""
        path = path or DEFAULT_MEDIA
        if not path.exists():
            return cls()
        data = read_yaml(path, MediaError) or {}
        if not isinstance(data, dict):
            raise MediaError(f"{path.name}: maps each medium to its titles and words")
        titles, words = {}, {}
        for medium, entry in data.items():
            titles[str(medium)] = _alternatives(_words(entry, "titles", f"{path.name}: {medium}"))
            words[str(medium)] = _alternatives(_words(entry, "words", f"{path.name}: {medium}"))
        return cls(titles, words)

    def governed(self, title: str) -> str | None:
        """The one medium a law of this ``title`` governs; ``None`` for a law of none or several."""
        found = [medium for medium, pattern in self.titles.items() if pattern.search(title)]
        return found[0] if len(found) == 1 else None

    def named(self, text: str) -> frozenset[str]:
        """The media ``text`` names."""
        return frozenset(medium for medium, pattern in self.words.items() if pattern.search(text))

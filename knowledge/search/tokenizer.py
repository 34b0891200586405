"""Chinese tokenisation for search: jieba with a domain dictionary, stopwords and synonyms.

The lexicon is data: ``knowledge/data/jieba/user_dict.txt`` in jieba's format
(shared with Rasa's JiebaTokenizer), and in ``knowledge/data/lexicon``
``stopwords.txt`` one word a line, ``synonyms.yml`` mapping the term a document uses to
the words users type, and ``misspellings.yml`` mapping a term to the ways pinyin input
mistypes it (台帐, 拉圾, 监侧), none of which a statute contains. An alias or a misspelling
anywhere in a query or clause also yields the canonical term's tokens, so 「危废」 meets
「危险废物」, 「包括哪些」 meets 「是指」 and 「湿拉圾」 meets 「湿垃圾」.

>>> tok = Tokenizer.from_directory(DEFAULT_LEXICON)
>>> "危险废物" in tok.tokens("危废怎么处理")
True
>>> tok.tokens("请问，")
[]
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import yaml

logger = logging.getLogger(__name__)

DEFAULT_LEXICON = Path(__file__).parents[1] / "data" / "lexicon"
# A folder of its own because Rasa's JiebaTokenizer loads every file in it as a dictionary.
DEFAULT_USER_DICT = Path(__file__).parents[1] / "data" / "jieba" / "user_dict.txt"
jieba.setLogLevel(logging.WARNING)


def normalise(text: str) -> str:
    """Fold full-width letters, digits and punctuation to half-width and lower-case Latin.

    >>> normalise("ＶＯＣｓ　排放")
    'vocs 排放'
    """
    return unicodedata.normalize("NFKC", text).lower()


SENTENCE_RE = re.compile(r"[^。；！？\n]+[。；！？]?")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` with their closing punctuation (。；！？ or a line end), stripped.

    >>> sentences("甲项规定。 乙项规定；\\n丙项")
    ['甲项规定。', '乙项规定；', '丙项']
    """
    return [s.strip() for s in SENTENCE_RE.findall(text) if s.strip()]


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


_RUN_RE = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


def _bigrams(folded: str) -> list[str]:
    out: list[str] = []
    for run in _RUN_RE.findall(folded):
        if not "\u4e00" <= run[0] <= "\u9fff" or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def chinese_bigrams(text: str) -> list[str]:
    """The character bigrams of ``text``'s Chinese runs as written: no expansions, no Latin words
    or numbers, no single characters (what a question says in words, to compare with a vocabulary).

    >>> chinese_bigrams("车被划了，VOCs 200吨")
    ['车被', '被划', '划了']
    """
    return [gram for gram in _bigrams(normalise(text)) if len(gram) == 2 and "\u4e00" <= gram[0] <= "\u9fff"]


def _aliases(path: Path) -> dict[str, tuple[str, ...]]:
    """A term → aliases mapping from YAML (empty when the file is absent)."""
    raw = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {}
    return {str(k): tuple(str(a) for a in (v or ())) for k, v in (raw or {}).items()}


@dataclass(frozen=True)
class Lexicon:
    """The data a tokenizer is built from."""

    user_dict: Path | None
    stopwords: frozenset[str]
    synonyms: Mapping[str, tuple[str, ...]]
    # read like synonyms, but no vocabulary for the NLU (knowledge.search.dictionary leaves them out)
    misspellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_directory(cls, directory: Path, user_dict: Path = DEFAULT_USER_DICT) -> Lexicon:
        stop_path = directory / "stopwords.txt"
        syn_path = directory / "synonyms.yml"
        stopwords = (
            frozenset(normalise(w.strip()) for w in stop_path.read_text("utf-8").splitlines() if w.strip())
            if stop_path.exists()
            else frozenset()
        )
        synonyms, misspellings = (_aliases(path) for path in (syn_path, directory / "misspellings.yml"))
        return cls(user_dict if user_dict.exists() else None, stopwords, synonyms, misspellings)

    def fingerprint(self) -> str:
        """What the index's tokens depend on, as a short hash: an edited synonym or stopword
        list changes it, so the next build re-tokenises the clauses (their vectors are cached).

        >>> a = Lexicon(None, frozenset(), {"危险废物": ("危废",)})
        >>> a.fingerprint() == Lexicon(None, frozenset(), {"危险废物": ("危废", "危险废弃物")}).fingerprint()
        False
        """
        aliases = [sorted((k, list(v)) for k, v in m.items()) for m in (self.synonyms, self.misspellings)]
        state = [sorted(self.stopwords), *aliases, self.user_words()]
        return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()[:16]

    def user_words(self) -> list[str]:
        """The words of the hand-kept jieba dictionary (its first column)."""
        if self.user_dict is None:
            return []
        return [ln.split()[0] for ln in self.user_dict.read_text("utf-8").splitlines() if ln.strip()]

    def dictionary_words(self) -> list[str]:
        """Every word jieba must keep whole: the user dictionary plus all synonym terms."""
        return [*self.synonyms, *(a for aliases in self.synonyms.values() for a in aliases), *self.user_words()]


class Tokenizer:
    """Turns text into search tokens. Build once; :meth:`tokens` is thread-safe."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for word in lexicon.dictionary_words():
            self._jieba.add_word(normalise(word), freq=50)
        # alias (folded) → canonical term, longest alias first so 「排污许可证」 wins over 「排污许可」
        both = [*lexicon.synonyms.items(), *lexicon.misspellings.items()]
        pairs = [(normalise(a), c) for c, aliases in both for a in aliases if len(a) >= 2]
        self._aliases: tuple[tuple[str, str], ...] = tuple(sorted(pairs, key=lambda p: -len(p[0])))

    @classmethod
    def from_directory(cls, directory: Path = DEFAULT_LEXICON) -> Tokenizer:
        return cls(Lexicon.from_directory(directory))

    def _cut(self, text: str) -> list[str]:
        return [
            w
            for w in (t.strip() for t in self._jieba.cut_for_search(normalise(text)))
            if w and _is_word(w) and w not in self.lexicon.stopwords
        ]

    def expansions(self, text: str) -> list[str]:
        """Canonical terms whose aliases occur in ``text`` (multi-word aliases such as 「包括哪些」 too)."""
        folded = normalise(text)
        return list(dict.fromkeys(canonical for alias, canonical in self._aliases if alias in folded))

    def tokens(self, text: str) -> list[str]:
        """Word tokens of ``text``, followed by the word tokens of its synonym expansions."""
        out = self._cut(text)
        for canonical in self.expansions(text):
            out.extend(self._cut(canonical))
        return out

    def bigrams(self, text: str) -> list[str]:
        """Character bigrams of every Chinese run (Latin words and numbers kept whole), with expansions.

        Bigrams need no segmentation, so they still match when jieba cuts a query and a
        clause differently (「投产」 and 「投入生产」 do not share a word, but synonyms bridge them).

        >>> Tokenizer.from_directory().bigrams("VOCs排放")
        ['vocs', '排放', '挥发', '发性', '性有', '有机', '机物']
        """
        out = _bigrams(normalise(text))
        for canonical in self.expansions(text):
            out.extend(_bigrams(normalise(canonical)))
        return out

"""Which service item a message is about, from the way users actually name it.

Users rarely write an item's name: they name the machine (叉车 → 非道路移动机械环保标志), the
goal (许可证还有两个月到期 → 排污许可证申请与延续) or add words to the name
(「放射源的当日作业备案」). Each item's phrases (name, aliases and its ``recognise`` data in
the catalogue YAML) are matched against the message through two channels, as clauses are:

- **lexical**: for each phrase, the weighted share of its character bigrams found in the
  message (synonym expansions included, so 排污证 finds 排污许可证). A bigram weighs its idf
  over the items (环评, shared by two items, weighs less) times its informativeness in the
  knowledge base (环保 is in half the clauses and tells almost nothing; 叉车 tells a lot).
  An item scores its best phrase.
- **semantic**: the cosine between the message and each phrase under the knowledge base's
  sentence encoder (multilingual-e5, both sides as queries), best phrase per item, taken
  relative to the best score of a message that names no item (``dense_floor``).

An item whose ``excludes`` the message names (卫生许可证 for the pollutant permit), and that it
does not name by its name or an alias, scores 0.

The two add up to one score per item. :meth:`Recogniser.recognise` turns the ranking into a
:class:`Recognition`: ``clear`` (one item, well ahead: start or offer it), ``ambiguous``
(two or three close items, or one less clearly, and near in meaning: offer them) or ``none``.
Thresholds were calibrated on the development part of the dialogue evaluation and on the
catalogue's own phrases (see ``docs/benchmarks.md``), never on its test part.

>>> from knowledge.search.tokenizer import Tokenizer, normalise
>>> from knowledge.services.catalogue import load_catalogue
>>> recogniser = Recogniser(load_catalogue(), Tokenizer.from_directory())
>>> recogniser.recognise("我们工地新进了三台叉车，要去哪里登记").best.name
'非道路移动机械环保标志'
>>> recogniser.recognise("排污证快过期了").kind
'clear'
>>> recogniser.recognise("今天天气怎么样").kind
'none'
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from knowledge.search.tokenizer import Tokenizer, normalise
from knowledge.services.catalogue import Catalogue, ServiceItem

logger = logging.getLogger(__name__)

RecognitionKind = Literal["clear", "ambiguous", "none"]
QueryEncoder = Callable[[Sequence[str]], np.ndarray]  # texts → normalised rows (queries)
Informativeness = Callable[[str], float]  # bigram → 0–1 in the knowledge base

# Calibrated on the dialogue dev part and the catalogue phrases (docs/benchmarks.md).
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 4.0
DENSE_FLOOR = 0.84  # a message about no item reaches about this cosine with its nearest phrase
CLEAR_SCORE = 0.75
CLEAR_MARGIN = 0.2
OFFER_SCORE = 0.6
# An item matched only loosely (offered, not clear) must also be near one of its phrases in
# meaning: one shared word is no sign of it (the CO of 沸石转轮+CO is a bigram of source filing's
# Co-60; a question about some other certificate shares 过期 or 环境影响评价 with an item's goals).
# On the dialogue dev part every loosely matched item message scores above it (the lowest 0.059)
# and 6 of the 16 loosely matched out-of-scope ones below; a clear match is not gated, and
# without the encoder it does not apply (docs/benchmarks.md, twenty-seventh session).
LOOSE_DENSE = 0.055
ASKED_SCORE = 0.4  # the user asked to do something (办/申请): a weaker match narrows the menu
CLOSE_RATIO = 0.8
MAX_OFFERED = 3
RECENT = 256  # messages whose recognition is kept (one message is recognised up to three times)


@dataclass(frozen=True)
class ItemScore:
    item: ServiceItem
    score: float
    lexical: float
    dense: float


@dataclass(frozen=True)
class Recognition:
    """The items a message may be about, best first, and how sure the ranking is."""

    kind: RecognitionKind
    ranked: tuple[ItemScore, ...] = ()

    @property
    def best(self) -> ServiceItem | None:
        return self.ranked[0].item if self.ranked and self.kind != "none" else None

    @property
    def clear(self) -> ServiceItem | None:
        """The item, when the message clearly means one; else ``None``."""
        return self.ranked[0].item if self.kind == "clear" else None

    @property
    def offered(self) -> list[ServiceItem]:
        """What to offer: the one clear item, or the close ones (at most three), or nothing."""
        if self.kind == "clear":
            return [self.ranked[0].item]
        if self.kind == "ambiguous":
            return self.closest(OFFER_SCORE)
        return []

    def closest(self, floor: float = ASKED_SCORE) -> list[ServiceItem]:
        """The best items (at most three, each close to the best) scoring at least ``floor``:
        what to ask between when the user wants to do something but names it vaguely."""
        if not self.ranked or self.ranked[0].score < floor:
            return []
        top = self.ranked[0].score
        return [s.item for s in self.ranked[:MAX_OFFERED] if s.score >= max(floor, CLOSE_RATIO * top)]


def _bigrams(tokenizer: Tokenizer, text: str) -> set[str]:
    return set(tokenizer.bigrams(text))


class Recogniser:
    """The catalogue's phrases, indexed (and encoded) once; :meth:`recognise` encodes a new
    message once (about 10 ms with e5-small-offline on one thread) and is thread-safe."""

    def __init__(
        self,
        catalogue: Catalogue,
        tokenizer: Tokenizer,
        encode: QueryEncoder | None = None,
        informativeness: Informativeness | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.items = list(catalogue)
        self._encode = encode
        phrases = [(n, p) for n, item in enumerate(self.items) for p in item.phrases()]
        self._owner = np.array([n for n, _ in phrases], dtype=np.int64)
        self._phrase_bigrams = [_bigrams(tokenizer, p) for _, p in phrases]
        # idf over items: a bigram in the phrases of many items tells little about which one
        items_with: dict[str, set[int]] = {}
        for (n, _), grams in zip(phrases, self._phrase_bigrams, strict=True):
            for g in grams:
                items_with.setdefault(g, set()).add(n)
        total = len(self.items)
        told = informativeness or (lambda _: 1.0)
        self._idf = {g: math.log(1 + total / len(owners)) * told(g) for g, owners in items_with.items()}
        self._vectors = encode([p for _, p in phrases]) if encode is not None and phrases else None
        self._recent = lru_cache(maxsize=RECENT)(self._recognise)
        logger.info("service recogniser: %d items, %d phrases", total, len(phrases))

    def _lexical(self, text: str) -> np.ndarray:
        found = _bigrams(self.tokenizer, text)
        best = np.zeros(len(self.items), dtype=np.float32)
        for owner, grams in zip(self._owner, self._phrase_bigrams, strict=True):
            weight = sum(self._idf[g] for g in grams)
            if not weight:
                continue
            share = sum(self._idf[g] for g in grams if g in found) / weight
            best[owner] = max(best[owner], share)
        return best

    def _dense(self, text: str) -> np.ndarray:
        best = np.zeros(len(self.items), dtype=np.float32)
        if self._vectors is None or self._encode is None:
            return best
        similarity = self._vectors @ self._encode([text])[0]
        np.maximum.at(best, self._owner, similarity)
        return np.clip(best - DENSE_FLOOR, 0.0, None)

    def scores(self, text: str) -> list[ItemScore]:
        """Every item's score for ``text``, best first."""
        lexical, dense = self._lexical(text), self._dense(text)
        fused = LEXICAL_WEIGHT * lexical + DENSE_WEIGHT * dense
        folded = normalise(text)
        for n, item in enumerate(self.items):
            if item.excluded_by(folded):
                fused[n] = 0.0
        order = np.argsort(-fused, kind="stable")
        return [ItemScore(self.items[i], float(fused[i]), float(lexical[i]), float(dense[i])) for i in order]

    def recognise(self, text: str) -> Recognition:
        """``clear`` when the best item scores high and well ahead of the next, ``ambiguous``
        when it is plausible but others are close, else ``none``. The form asks several times
        about one message (extract, validate, ask), so recent answers are kept."""
        return self._recent(text)

    def _recognise(self, text: str) -> Recognition:
        ranked = tuple(self.scores(text))
        if not ranked or ranked[0].score < OFFER_SCORE:
            return Recognition("none", ranked)
        top = ranked[0].score
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        if top >= CLEAR_SCORE and top - runner >= CLEAR_MARGIN:
            return Recognition("clear", ranked)
        if self._vectors is not None and ranked[0].dense < LOOSE_DENSE:
            return Recognition("none", ranked)
        return Recognition("ambiguous", ranked)

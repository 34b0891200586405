from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.search.lexical import LexicalIndex

DOCS = [["排污", "许可证", "排污"], ["噪声", "夜间"], ["排污", "噪声", "工业"], []]


def test_rarer_terms_weigh_more() -> None:
    idx = LexicalIndex.build(DOCS)
    scores = idx.scores(["排污", "夜间"])
    assert int(np.argmax(scores)) == 1  # 夜间 is in one clause, 排污 in two


def test_unknown_terms_score_nothing_and_lower_coverage() -> None:
    idx = LexicalIndex.build(DOCS)
    assert not idx.scores(["护照"]).any()
    assert idx.coverage(["噪声", "夜间"], 1) == 1.0
    assert idx.coverage(["噪声", "夜间", "护照"], 1) < 0.6


def test_round_trip(tmp_path: Path) -> None:
    idx = LexicalIndex.build(DOCS)
    idx.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    np.testing.assert_allclose(loaded.scores(["排污", "噪声"]), idx.scores(["排污", "噪声"]))
    assert loaded.vocabulary == idx.vocabulary


def test_unfamiliar_is_the_share_of_terms_never_seen_counted_as_they_occur() -> None:
    idx = LexicalIndex.build([["排污", "许可"], ["噪声"]])
    assert idx.unfamiliar([]) == 0.0
    assert idx.unfamiliar(["排污", "噪声"]) == 0.0
    assert idx.unfamiliar(["车位", "车位", "排污", "许可"]) == 0.5
    assert idx.unfamiliar(["车位"]) == 1.0

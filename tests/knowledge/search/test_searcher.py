from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from knowledge.documents.library import Library
from knowledge.documents.parser import parse_text
from knowledge.search.builder import build_index
from knowledge.search.confidence import channel_ranks
from knowledge.search.config import SearchConfig
from knowledge.search.manifest import IndexMissing, KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer
from tests.conftest import SHARED


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("临港的两证合一试点是什么意思？", "（二）"),
        ("环评告知承诺在哪些区域和行业实施", "（一）"),
        ("免罚清单会动态调整吗", "（九）"),
        ("ＶＯＣｓ治理有扶持政策吗", "（十四）"),
        ("小型医疗机构的医废谁来收运", "（十三）"),
    ],
)
def test_questions_find_their_measure(searcher: Searcher, query: str, label: str) -> None:
    result = searcher.search(query)
    assert result.answered
    assert result.best is not None and result.best.clause.label == label


@pytest.mark.parametrize("query", ["怎么办理护照", "公积金贷款额度是多少", "帮我写一首关于春天的诗", "？？？", ""])
def test_out_of_scope_is_not_answered(searcher: Searcher, query: str) -> None:
    assert not searcher.search(query).answered


def test_dev_set_seed_questions_rank_first(searcher: Searcher) -> None:
    """Every dev question about the seed document has an acceptable measure at rank 1."""
    rows = [json.loads(line) for line in (SHARED / "eval" / "dev_questions.jsonl").read_text("utf-8").splitlines()]
    seed_rows = [r for r in rows if r["expected"] and all("若干措施" in e["document"] for e in r["expected"])]
    assert len(seed_rows) >= 15
    misses = []
    for row in seed_rows:
        best = searcher.search(row["query"]).best
        if best is None or best.clause.label not in {e["article"] for e in row["expected"]}:
            misses.append(row["query"])
    assert misses == []


def test_reloads_when_the_manifest_changes(tmp_path: Path, tokenizer: Tokenizer) -> None:
    paths = KnowledgePaths(tmp_path)
    build_index(paths, tokenizer)
    searcher = Searcher(paths, tokenizer)
    assert not searcher.search("夜间是指几点到几点").answered
    assert not searcher.reload_if_changed()

    law = SHARED / "corpus" / "laws" / "噪声污染防治法(2021-12-24).md"
    Library.open(paths.library).upsert(parse_text(law.read_text("utf-8"), source=law.name))
    build_index(paths, tokenizer)

    assert searcher.reload_if_changed()
    best = searcher.search("夜间是指几点到几点").best
    assert best is not None and best.clause.label == "第八十八条"


def test_missing_index_is_a_clear_error(tmp_path: Path, tokenizer: Tokenizer) -> None:
    with pytest.raises(IndexMissing, match="ecoassist kb build"):
        Searcher(KnowledgePaths(tmp_path), tokenizer)


def test_rebuild_is_skipped_when_nothing_changed(tmp_path: Path, tokenizer: Tokenizer) -> None:
    paths = KnowledgePaths(tmp_path)
    first = build_index(paths, tokenizer)
    again = build_index(paths, tokenizer)
    assert (first.built, again.built) == (True, False)
    assert again.manifest.index_dir == first.manifest.index_dir


def test_a_failed_build_leaves_the_live_index_alone(
    tmp_path: Path, tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = KnowledgePaths(tmp_path)
    before = build_index(paths, tokenizer).manifest

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    law = SHARED / "corpus" / "laws" / "排污许可管理条例(2021-01-24).md"
    Library.open(paths.library).upsert(parse_text(law.read_text("utf-8"), source=law.name))
    monkeypatch.setattr("knowledge.search.builder.LexicalIndex.save", boom)
    with pytest.raises(OSError, match="disk full"):
        build_index(paths, tokenizer)

    searcher = Searcher(paths, tokenizer)
    assert searcher.manifest == before
    assert searcher.search("两证合一").answered
    shutil.rmtree(paths.indexes / f".{before.index_dir}.building", ignore_errors=True)


def test_channel_ranks_count_only_channels_that_score_the_clause() -> None:
    scores = {
        "dense": np.array([0.90, 0.88, 0.85]),
        "words": np.array([0.0, 0.0, 3.0]),
        "bigrams": np.array([0.4, 2.0, 1.0]),  # clause 0 only through its document's prior
        "bigrams_raw": np.array([0.0, 2.0, 1.0]),
    }
    config = SearchConfig(weights={"words": 0.25, "bigrams": 1.0, "dense": 1.0})
    assert channel_ranks(scores, 1, config) == (2, 1)  # bigrams puts it first
    assert channel_ranks(scores, 0, config) == (1, 4)  # no lexical channel scores it: unranked
    words_only = SearchConfig(weights={"words": 1.0, "bigrams": 0.0, "dense": 1.0})
    assert channel_ranks(scores, 1, words_only) == (2, 4)  # a switched-off channel does not vote


@pytest.mark.parametrize("method", ["minmax", "rrf"])
def test_a_small_knowledge_base_loses_no_candidate(tmp_path: Path, method: str) -> None:
    tokenizer = Tokenizer.from_directory()
    paths = KnowledgePaths(tmp_path)
    library = Library.open(paths.library)
    library.upsert(
        parse_text("上海市扬尘管理办法\n第一条 建筑工地应当采取围挡措施。\n第二条 工地应当洒水降尘。\n", source="a")
    )
    build_index(paths, tokenizer, defaults={})  # these two clauses only, no seed
    searcher = Searcher(paths, tokenizer, config=SearchConfig(method=method))
    # 第二条 shares only 工地 and is last in every channel: still a candidate
    assert [h.clause.label for h in searcher.search("建筑工地应当采取围挡措施", k=5).hits] == ["第一条", "第二条"]

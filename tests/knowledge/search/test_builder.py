from __future__ import annotations

from pathlib import Path

from knowledge.search.builder import build_index
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import DEFAULT_LEXICON, Lexicon, Tokenizer


def test_an_edited_lexicon_rebuilds_the_index_so_a_new_alias_finds_clauses(tmp_path: Path) -> None:
    paths = KnowledgePaths(tmp_path)
    lexicon = Lexicon.from_directory(DEFAULT_LEXICON)
    plain = Tokenizer(lexicon)
    first = build_index(paths, plain)
    assert build_index(paths, plain).built is False

    richer = Tokenizer(Lexicon(lexicon.user_dict, lexicon.stopwords, {**lexicon.synonyms, "两证合一": ("二合一",)}))
    second = build_index(paths, richer)

    assert second.built is True
    assert second.manifest.content_hash != first.manifest.content_hash
    hit = Searcher(paths, richer).search("二合一试点", k=1).best
    assert hit is not None and "两证合一" in hit.clause.text

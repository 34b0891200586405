from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge.documents.questions import QuestionBank
from knowledge.search.builder import build_index
from knowledge.search.dense import KB_STATIC
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import DEFAULT_LEXICON, Lexicon, Tokenizer
from tests.conftest import SEED_TITLE


def test_an_edited_lexicon_rebuilds_the_index_so_a_new_alias_finds_clauses(tmp_path: Path) -> None:
    paths = KnowledgePaths(tmp_path)
    lexicon = Lexicon.from_directory(DEFAULT_LEXICON)
    plain = Tokenizer(lexicon)
    first = build_index(paths, plain)
    assert build_index(paths, plain).built is False

    richer = Tokenizer(replace(lexicon, synonyms={**lexicon.synonyms, "两证合一": ("二合一",)}))
    second = build_index(paths, richer)

    assert second.built is True
    assert second.manifest.content_hash != first.manifest.content_hash
    hit = Searcher(paths, richer).search("二合一试点", k=1).best
    assert hit is not None and "两证合一" in hit.clause.text


def test_a_clauses_everyday_questions_find_it_and_editing_them_rebuilds(tmp_path: Path, tokenizer: Tokenizer) -> None:
    paths = KnowledgePaths(tmp_path)
    plain = build_index(paths, tokenizer, questions=QuestionBank.empty())
    searcher = Searcher(paths, tokenizer)
    assert not any(h.clause.label == "（十三）" for h in searcher.search("想请专家来厂里看看废气设备", k=1).hits)

    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "seed.yml").write_text(
        f"document: {SEED_TITLE}\nquestions:\n  （十三）:\n    - 能不能派专家来厂里看看我们的废气设备\n", "utf-8"
    )
    asked = build_index(paths, tokenizer, questions=QuestionBank.load(folder))
    assert asked.built and asked.manifest.content_hash != plain.manifest.content_hash
    searcher.reload_if_changed()
    best = searcher.search("想请专家来厂里看看废气设备", k=1).best
    assert best is not None and best.clause.label == "（十三）"


def test_a_words_only_message_lends_its_words_but_no_vector(tmp_path: Path, tokenizer: Tokenizer) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    message = "我们是做喷涂的小厂，能不能派专家来厂里看看我们的废气设备"
    (folder / "seed.voices.yml").write_text(
        f"document: {SEED_TITLE}\nvectors: false\nquestions:\n  （十三）:\n    - {message}\n", "utf-8"
    )
    words_only = QuestionBank.load(folder)
    assert words_only.by_article == {} and len(words_only) == 1
    report = build_index(KnowledgePaths(tmp_path / "a"), tokenizer, embedding_model=KB_STATIC, questions=words_only)
    assert "questions" not in report.manifest.channels  # no vector for the question channel
    best = Searcher(KnowledgePaths(tmp_path / "a"), tokenizer).search("想请专家来厂里看看废气设备", k=1).best
    assert best is not None and best.clause.label == "（十三）"

    as_vector = f"document: {SEED_TITLE}\nquestions:\n  （十三）:\n    - {message}\n"
    (folder / "seed.voices.yml").write_text(as_vector, "utf-8")
    vectors = build_index(
        KnowledgePaths(tmp_path / "b"), tokenizer, embedding_model=KB_STATIC, questions=QuestionBank.load(folder)
    )
    assert "questions" in vectors.manifest.channels  # the same message as a vector, for contrast

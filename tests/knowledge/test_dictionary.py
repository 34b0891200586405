from __future__ import annotations

from pathlib import Path

import sqlite_utils

from knowledge.builder import import_defaults
from knowledge.dictionary import KB_TERMS_FILE, kb_terms, render
from knowledge.importer import import_paths
from knowledge.library import Library
from knowledge.tokenizer import DEFAULT_LEXICON, Lexicon
from tests.conftest import LAWS_DIR


def test_committed_dictionary_matches_the_knowledge_base() -> None:
    """kb_terms.txt is what `ecoassist kb dictionary` writes for the seed + statutes; regenerate it if this fails."""
    library = Library(sqlite_utils.Database(memory=True))
    import_defaults(library)
    import_paths(library, [LAWS_DIR])
    lexicon = Lexicon.from_directory(DEFAULT_LEXICON)
    expected = render(kb_terms(lexicon, (d.title for d in library.documents())))
    assert KB_TERMS_FILE.read_text("utf-8") == expected


def test_terms_are_chinese_words_with_short_titles() -> None:
    terms = kb_terms(Lexicon.from_directory(DEFAULT_LEXICON), ["中华人民共和国噪声污染防治法"])
    assert {"噪声污染防治法", "中华人民共和国噪声污染防治法", "危险废物", "危废"} <= set(terms)
    assert "VOCs" not in terms and all(len(t) >= 2 for t in terms)


def test_jieba_format(tmp_path: Path) -> None:
    assert render(["环评"]) == "环评 50 n\n"

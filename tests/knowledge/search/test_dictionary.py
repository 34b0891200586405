from __future__ import annotations

from pathlib import Path

import sqlite_utils
import yaml

from knowledge.documents.importer import import_defaults, import_paths
from knowledge.documents.library import Library
from knowledge.search.dictionary import (
    KB_TERMS_FILE,
    kb_terms,
    lookup_tables,
    render,
    render_lookups,
    write_dictionary,
)
from knowledge.search.tokenizer import DEFAULT_LEXICON, Lexicon
from knowledge.services.catalogue import load_catalogue
from tests.conftest import LAWS_DIR, PROJECT_ROOT

LOOKUPS_FILE = PROJECT_ROOT / "bot" / "data" / "lookups.yml"


def _terms() -> list[str]:
    library = Library(sqlite_utils.Database(memory=True))
    import_defaults(library)
    import_paths(library, [LAWS_DIR])
    return kb_terms(Lexicon.from_directory(DEFAULT_LEXICON), (d.title for d in library.documents()))


def test_committed_files_match_the_knowledge_base() -> None:
    """Both files are what `ecoassist kb dictionary` writes for the seed + statutes; regenerate them if this fails."""
    terms = _terms()
    assert KB_TERMS_FILE.read_text("utf-8") == render(terms)
    tables = lookup_tables([*terms, *Lexicon.from_directory(DEFAULT_LEXICON).user_words()], load_catalogue().names())
    assert LOOKUPS_FILE.read_text("utf-8") == render_lookups(tables)


def test_lookup_tables_hold_terms_and_every_catalogue_name() -> None:
    catalogue = load_catalogue()
    tables = lookup_tables(["危废", "环评", "危废"], catalogue.names())
    assert tables["policy_term"] == ["危废", "环评"]
    assert {item.name for item in catalogue} <= set(tables["service_item"])
    assert "排污证" in tables["service_item"]  # an alias


def test_lookups_are_rasa_training_data() -> None:
    data = yaml.safe_load(render_lookups({"policy_term": ["危废", "VOCs"]}))
    assert data["nlu"] == [{"lookup": "policy_term", "examples": "- 危废\n- VOCs\n"}]


def test_terms_are_chinese_words_with_short_titles() -> None:
    terms = kb_terms(Lexicon.from_directory(DEFAULT_LEXICON), ["中华人民共和国噪声污染防治法"])
    assert {"噪声污染防治法", "中华人民共和国噪声污染防治法", "危险废物", "危废"} <= set(terms)
    assert "VOCs" not in terms and all(len(t) >= 2 for t in terms)


def test_jieba_format(tmp_path: Path) -> None:
    assert render(["环评"]) == "环评 50 n\n"


def test_write_dictionary_writes_both_files(tmp_path: Path) -> None:
    library = Library(sqlite_utils.Database(memory=True))
    import_defaults(library)
    terms_path, lookups_path = tmp_path / "kb_terms.txt", tmp_path / "lookups.yml"
    count = write_dictionary(
        library,
        Lexicon.from_directory(DEFAULT_LEXICON),
        load_catalogue().names(),
        terms_path=terms_path,
        lookups_path=lookups_path,
    )
    assert count == len(terms_path.read_text("utf-8").splitlines())
    tables = {t["lookup"]: t["examples"] for t in yaml.safe_load(lookups_path.read_text("utf-8"))["nlu"]}
    assert set(tables) == {"policy_term", "service_item"} and "- 排污证\n" in tables["service_item"]

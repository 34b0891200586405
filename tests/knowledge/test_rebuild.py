from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.documents.library import Library
from knowledge.rebuild import CatalogueMismatch, rebuild_index
from knowledge.services.catalogue import SERVICES_DIR
from knowledge.settings import KnowledgeSettings
from tests.conftest import LAWS_DIR

STATUTE = "环境影响评价法(2018-12-29).md"


def titles(settings: KnowledgeSettings) -> list[str]:
    library = Library.open(settings.knowledge_paths.library)
    try:
        return sorted(d.title for d in library.documents())
    finally:
        library.db.conn.close()


def test_the_statutes_folder_is_default_knowledge_beside_the_seed(tmp_path: Path) -> None:
    statutes = tmp_path / "laws"
    statutes.mkdir()
    shutil.copy(LAWS_DIR / STATUTE, statutes)
    settings = KnowledgeSettings(_env_file=None, home=tmp_path / "home", statutes_dir=statutes, import_statutes=True)
    report = rebuild_index(settings)
    assert report.build.manifest.document_count == 2
    assert "中华人民共和国环境影响评价法" in titles(settings)


def test_a_removed_default_statute_stays_removed_even_if_its_folder_moves(tmp_path: Path) -> None:
    statutes = tmp_path / "laws"
    statutes.mkdir()
    shutil.copy(LAWS_DIR / STATUTE, statutes)
    settings = KnowledgeSettings(_env_file=None, home=tmp_path / "home", statutes_dir=statutes, import_statutes=True)
    assert rebuild_index(settings).build.manifest.document_count == 2
    library = Library.open(settings.knowledge_paths.library)
    library.remove(doc_id=library.find("中华人民共和国环境影响评价法").doc_id)
    library.db.conn.close()
    moved = tmp_path / "moved"
    statutes.rename(moved)
    again = KnowledgeSettings(_env_file=None, home=tmp_path / "home", statutes_dir=moved, import_statutes=True)
    assert rebuild_index(again).build.manifest.document_count == 1


@pytest.mark.parametrize("first_seen", ["missing", "empty"])
def test_a_statutes_folder_that_is_missing_or_empty_is_imported_when_it_fills(tmp_path: Path, first_seen: str) -> None:
    """An older library, or a machine where shared/ arrives later, still gets the statutes."""
    statutes = tmp_path / "laws"
    if first_seen == "empty":
        statutes.mkdir()
    settings = KnowledgeSettings(_env_file=None, home=tmp_path / "home", statutes_dir=statutes, import_statutes=True)
    assert rebuild_index(settings).build.manifest.document_count == 1
    statutes.mkdir(exist_ok=True)
    shutil.copy(LAWS_DIR / STATUTE, statutes)
    assert rebuild_index(settings).build.manifest.document_count == 2


def test_a_library_from_before_the_statutes_keeps_its_seed_mark(tmp_path: Path) -> None:
    settings = KnowledgeSettings(_env_file=None, home=tmp_path / "home")
    library = Library.open(settings.knowledge_paths.library)
    library.set_meta("defaults_imported", "documents")  # what older versions recorded for the seed
    library.db.conn.close()
    assert rebuild_index(settings).build.manifest.document_count == 0  # the seed is not imported again


def test_a_catalogue_citing_a_missing_article_stops_the_build(tmp_path: Path) -> None:
    catalogue = tmp_path / "services"
    shutil.copytree(SERVICES_DIR, catalogue)
    item = catalogue / "01_eia_approval.yml"
    text = item.read_text("utf-8")
    assert "document: 环境影响评价法, article: 第二十二条" in text
    item.write_text(text.replace("article: 第二十二条", "article: 第九百条", 1), "utf-8")
    statutes = tmp_path / "laws"
    statutes.mkdir()
    shutil.copy(LAWS_DIR / STATUTE, statutes)
    settings = KnowledgeSettings(
        _env_file=None, home=tmp_path / "home", statutes_dir=statutes, import_statutes=True, services_dir=catalogue
    )
    with pytest.raises(CatalogueMismatch, match="第九百条"):
        rebuild_index(settings)
    assert not settings.knowledge_paths.manifest.exists()

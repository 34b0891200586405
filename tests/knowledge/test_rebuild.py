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


def test_a_default_folder_is_imported_once_per_library(tmp_path: Path) -> None:
    statutes = tmp_path / "laws"
    statutes.mkdir()
    home = tmp_path / "home"
    rebuild_index(KnowledgeSettings(_env_file=None, home=home, import_statutes=False))
    assert (
        rebuild_index(
            KnowledgeSettings(_env_file=None, home=home, statutes_dir=statutes, import_statutes=True)
        ).build.manifest.document_count
        == 1
    )
    # the folder was empty when first seen, so it counts as imported; a later file is a `kb import`
    shutil.copy(LAWS_DIR / STATUTE, statutes)
    settings = KnowledgeSettings(_env_file=None, home=home, statutes_dir=statutes, import_statutes=True)
    assert rebuild_index(settings).build.manifest.document_count == 1


def test_a_missing_statutes_folder_is_skipped_and_imported_when_it_appears(tmp_path: Path) -> None:
    statutes = tmp_path / "laws"
    settings = KnowledgeSettings(_env_file=None, home=tmp_path / "home", statutes_dir=statutes, import_statutes=True)
    assert rebuild_index(settings).build.manifest.document_count == 1
    statutes.mkdir()
    shutil.copy(LAWS_DIR / STATUTE, statutes)
    assert rebuild_index(settings).build.manifest.document_count == 2


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

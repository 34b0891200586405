"""Shared fixtures: a small real knowledge base, a real SQLite file, settings pointing at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.settings import Settings, get_settings
from knowledge.search.builder import build_index
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer
from knowledge.settings import KnowledgeSettings, get_knowledge_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEED_FILE = SHARED / "seeds" / "000_987a8c24d5331b3f.txt"
LAWS_DIR = SHARED / "corpus" / "laws"
SEED_TITLE = "关于持续创新生态环保举措精准服务经济高质量发展的若干措施"
SEED_DOC_NO = "沪环综〔2021〕224号"


@pytest.fixture(autouse=True)
def seed_only_default_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test's knowledge base is the small seed-only one unless it asks for the statutes
    (``import_statutes=True``): importing and encoding 2,500 articles takes minutes."""
    monkeypatch.setenv("ECOASSIST_IMPORT_STATUTES", "false")


@pytest.fixture(scope="session")
def tokenizer() -> Tokenizer:
    return Tokenizer.from_directory()


@pytest.fixture(scope="session")
def kb_home(tmp_path_factory: pytest.TempPathFactory, tokenizer: Tokenizer) -> Path:
    """A home with the default knowledge base (the bundled seed) built into it."""
    home = tmp_path_factory.mktemp("home")
    build_index(KnowledgePaths(home), tokenizer)
    return home


@pytest.fixture(scope="session")
def searcher(kb_home: Path, tokenizer: Tokenizer) -> Searcher:
    settings = KnowledgeSettings(_env_file=None, home=kb_home)
    return Searcher(settings.knowledge_paths, tokenizer, settings.answer_policy)


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, kb_home: Path, tmp_path: Path) -> Iterator[Settings]:
    """Point the process-wide settings at the test knowledge base and a fresh database file."""
    monkeypatch.setenv("ECOASSIST_HOME", str(kb_home))
    monkeypatch.setenv("ECOASSIST_DATABASE", str(tmp_path / "app.db"))
    monkeypatch.setenv("ECOASSIST_RASA_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("ECOASSIST_ACTION_SERVER_URL", "http://127.0.0.1:9")
    get_settings.cache_clear()
    get_knowledge_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
    get_knowledge_settings.cache_clear()

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.builder import build_index
from knowledge.search.e5_offline import E5_OFFLINE
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.tokenizer import Tokenizer


@pytest.fixture(scope="session")
def e5_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed with its everyday questions and the bundled outside questions, under e5
    (built once: the scope check and the confidence model both judge over it)."""
    home = tmp_path_factory.mktemp("e5-seed")
    manifest = build_index(KnowledgePaths(home), Tokenizer.from_directory(), embedding_model=E5_OFFLINE).manifest
    assert "scope" in manifest.channels
    return home

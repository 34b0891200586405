"""Saving a staff answer as knowledge: admins only, and the searcher answers with it at once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.services import Services
from api.settings import Settings, get_settings
from api.store.database import open_database
from api.store.staff import add_staff
from knowledge.documents.faq import faq_clauses
from knowledge.documents.library import Library
from knowledge.search.builder import build_index
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.tokenizer import Tokenizer
from knowledge.services.catalogue import SERVICES_DIR
from knowledge.texts import text
from tests.conftest import SEED_TITLE

PASSWORD = "correct-horse-1"
SEED_CLAUSE = "（二）"


@pytest.fixture
def client(tmp_path: Path, tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A knowledge base of its own: these tests change it."""
    monkeypatch.setenv("ECOASSIST_HOME", str(tmp_path))
    get_settings.cache_clear()
    build_index(KnowledgePaths(tmp_path), tokenizer)
    settings: Settings = get_settings()
    db = open_database(settings.database_path)
    add_staff(db, name="admin", password=PASSWORD, departments=[], role="admin")
    add_staff(db, name="wang", password=PASSWORD, departments=["环评处"], role="agent")
    with TestClient(create_app(settings)) as client:
        yield client
    get_settings.cache_clear()


def login(client: TestClient, name: str) -> dict[str, str]:
    return {
        "X-CSRF-Token": client.post("/api/staff/login", json={"name": name, "password": PASSWORD}).json()["csrf_token"]
    }


def services(client: TestClient) -> Services:
    found: Services = client.app.state.services  # type: ignore[attr-defined]
    return found


def test_a_saved_answer_is_found_by_the_next_search(client: TestClient) -> None:
    question = "企业搬迁后原来的排污口要不要申请注销"
    assert not services(client).current_searcher().search(question).answered
    seed_clause = next(
        c.clause_id for c in services(client).current_searcher()._snapshot.clauses if c.label == SEED_CLAUSE
    )
    headers = login(client, "admin")
    saved = client.post(
        "/api/staff/faq",
        json={
            "question": "企业搬迁后原排污口要注销吗？",
            "variants": ["搬迁以后旧排污口怎么处理", "排污口注销"],
            "answer": "搬迁后不再使用的排污口应按规定办理相关手续，具体材料请以业务部门公布为准。",
            "clause_ids": [seed_clause],
        },
        headers=headers,
    )
    assert saved.status_code == 200 and saved.json()["label"] == "问答1"
    result = services(client).current_searcher().search(question)
    assert result.answered and result.best is not None
    assert result.best.clause.clause_id == saved.json()["clause_id"]
    assert "相关依据：《关于持续创新生态环保举措精准服务经济高质量发展的若干措施》（二）" in result.best.clause.text
    assert "环评处" in result.best.clause.departments


def test_agents_may_not_change_knowledge(client: TestClient) -> None:
    headers = login(client, "wang")
    response = client.post("/api/staff/faq", json={"question": "q", "answer": "a"}, headers=headers)
    assert (response.status_code, response.json()["detail"]) == (403, "仅管理员可以进行此操作。")


def test_canned_replies_for_any_staff_member(client: TestClient) -> None:
    assert client.get("/api/staff/canned-replies").status_code == 401
    login(client, "wang")
    assert client.get("/api/staff/canned-replies").json()[0]["title"] == "问候"


def test_a_catalogue_citing_missing_articles_is_a_chinese_409(client: TestClient, tmp_path: Path) -> None:
    """Nothing is saved (a resubmission after the fix makes no duplicate) and the live index stays as it was."""
    catalogue = tmp_path / "services"
    shutil.copytree(SERVICES_DIR, catalogue)
    item = catalogue / "01_eia_approval.yml"
    missing = f"document: {SEED_TITLE}, article: （九十九）"
    item.write_text(item.read_text("utf-8").replace("document: 环境影响评价法, article: 第二十二条", missing), "utf-8")
    services(client).settings.services_dir = catalogue
    question = "企业搬迁后原来的排污口要不要申请注销"
    response = client.post(
        "/api/staff/faq",
        json={"question": "企业搬迁后原排污口要注销吗？", "answer": "请以业务部门公布为准。"},
        headers=login(client, "admin"),
    )
    assert (response.status_code, response.json()["detail"]) == (409, text("faq_catalogue_mismatch"))
    assert not services(client).current_searcher().search(question).answered
    library = Library.open(services(client).settings.knowledge_paths.library)
    try:
        assert faq_clauses(library) == []
    finally:
        library.db.conn.close()


def test_a_malformed_outside_questions_file_is_a_chinese_409_and_nothing_is_saved(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    malformed = tmp_path / "outside.yml"
    malformed.write_text("- 发票怎么开\n", "utf-8")
    monkeypatch.setattr("knowledge.search.scope.DEFAULT_OUTSIDE", malformed)
    response = client.post(
        "/api/staff/faq",
        json={"question": "企业搬迁后原排污口要注销吗？", "answer": "请以业务部门公布为准。"},
        headers=login(client, "admin"),
    )
    assert (response.status_code, response.json()["detail"]) == (409, text("faq_data_malformed"))
    library = Library.open(services(client).settings.knowledge_paths.library)
    try:
        assert faq_clauses(library) == []
    finally:
        library.db.conn.close()

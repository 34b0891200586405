"""The ``ecoassist`` command against a real home folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from api.cli import main
from api.settings import get_settings
from knowledge.search.vector_pack import BUNDLED_PACK, VectorPack
from knowledge.services.catalogue import SERVICES_DIR
from tests.conftest import LAWS_DIR, SHARED


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_build_then_search_json(home: Path) -> None:
    code, out = run("kb", "build")
    assert code == 0 and "18 clauses" in out
    code, out = run("kb", "search", "--json", "-k", "2", "临港两证合一试点")
    row = json.loads(out.strip().splitlines()[-1])
    assert row["answered"] is True
    assert row["hits"][0]["article"] == "（二）"
    assert set(row["hits"][0]) == {"document", "doc_no", "article", "score", "text", "departments"}


def test_search_queries_file_keeps_order(home: Path, tmp_path: Path) -> None:
    run("kb", "build")
    queries = tmp_path / "q.txt"
    queries.write_text("免罚清单会动态调整吗\n怎么办理护照\n", "utf-8")
    code, out = run("kb", "search", "--json", "--queries", str(queries))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(r["query"], r["answered"]) for r in rows] == [("免罚清单会动态调整吗", True), ("怎么办理护照", False)]


def test_search_without_an_index_is_a_clear_error(home: Path) -> None:
    code, out = run("kb", "search", "两证合一")
    assert code == 1 and "ecoassist kb build" in out


def test_import_list_repeal_remove(home: Path, tmp_path: Path) -> None:
    law = LAWS_DIR / "排污许可管理条例(2021-01-24).md"
    bad = tmp_path / "empty.txt"
    bad.write_text("", "utf-8")
    code, out = run("kb", "import", str(law), str(bad))
    assert code == 1  # one file was refused; the other is in
    assert "refused" in out and "文件为空" in out and "69 clauses" in out

    code, out = run("kb", "list")
    assert "51  effective  排污许可管理条例" in out
    assert "关于持续创新生态环保举措精准服务经济高质量发展的若干措施" in out

    code, out = run("kb", "repeal", "排污许可管理条例")
    assert code == 0 and "18 clauses" in out
    _, out = run("kb", "search", "--json", "排污许可证延续")
    assert all(h["document"] != "排污许可管理条例" for h in json.loads(out.splitlines()[-1])["hits"])

    code, out = run("kb", "remove", "沪环综〔2021〕224号")
    assert code == 0 and "0 clauses" in out
    code, out = run("kb", "remove", "没有这个文件")
    assert code == 1 and "kb list" in out


def test_eval_prints_every_channel(home: Path) -> None:
    run("kb", "build")
    code, out = run("kb", "eval", str(SHARED / "eval" / "dev_questions.jsonl"))
    assert code == 0
    assert [line.split()[0] for line in out.splitlines() if "Hit@1" in line] == [
        "words",
        "bigrams",
        "dense",
        "questions",
        "texts",  # the dense channel on the clause texts alone, without their questions
        "fused",
    ]


def test_build_checks_the_service_catalogue(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A statute not imported is a warning; an imported one without the cited article stops the build."""
    code, out = run("kb", "build")
    assert code == 0 and "《排污许可管理条例》未导入知识库" in out
    services = tmp_path / "services"
    services.mkdir()
    item = yaml.safe_load((SERVICES_DIR / "06_pollutant_permit.yml").read_text("utf-8"))
    item["legal_basis"].append({"document": "排污许可管理条例", "article": "第九十九条"})
    (services / "permit.yml").write_text(yaml.safe_dump(item, allow_unicode=True), "utf-8")
    monkeypatch.setenv("ECOASSIST_SERVICES_DIR", str(services))
    get_settings.cache_clear()
    code, out = run("kb", "import", str(LAWS_DIR / "排污许可管理条例(2021-01-24).md"))
    assert code == 1
    assert "服务事项「排污许可证申请与延续」引用的《排污许可管理条例》没有第九十九条" in out
    assert "knowledge index built" not in out


def test_a_malformed_outside_questions_file_is_a_clear_build_error(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    malformed = tmp_path / "outside.yml"
    malformed.write_text("税务: 发票怎么开\n", "utf-8")
    monkeypatch.setattr("knowledge.search.scope.DEFAULT_OUTSIDE", malformed)
    code, out = run("kb", "build")
    assert code == 1 and "知识库数据文件有误" in out and "税务 needs a list of questions" in out
    assert "Traceback" not in out


def test_services_lists_items_and_placeholders(home: Path) -> None:
    code, out = run("kb", "services")
    assert code == 0
    assert "pollutant_permit" in out and "待填写: 申领奖金所需材料清单" in out


def test_pack_vectors_writes_the_default_knowledges_clause_vectors(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's defaults whatever the settings import (here the seed alone): every clause of the
    seed and the statutes, with the bundled pack's vectors, which it reads instead of encoding."""
    monkeypatch.setenv("ECOASSIST_EMBEDDING_MODEL", "e5-small-offline")
    get_settings.cache_clear()
    output = tmp_path / "vectors" / "clauses.npz"
    code, out = run("kb", "pack-vectors", "--output", str(output))
    assert code == 0 and "2486 clause vectors" in out
    written, bundled = VectorPack.load(output), VectorPack.load(BUNDLED_PACK)
    assert written.fingerprint == bundled.fingerprint and set(written.rows) == set(bundled.rows)
    order = [written.rows[k] for k in bundled.rows]
    assert np.array_equal(written.vectors[order], bundled.vectors)


def test_pack_vectors_refuses_another_encoder_or_missing_statutes(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOASSIST_EMBEDDING_MODEL", "kb-static")
    get_settings.cache_clear()
    code, out = run("kb", "pack-vectors", "--output", str(home / "clauses.npz"))
    assert code == 1 and "made with e5-small-offline" in out
    monkeypatch.setenv("ECOASSIST_EMBEDDING_MODEL", "e5-small-offline")
    monkeypatch.setattr("api.kb_commands.DEFAULT_STATUTES", home / "no-statutes")
    get_settings.cache_clear()
    code, out = run("kb", "pack-vectors", "--output", str(home / "clauses.npz"))
    assert code == 1 and "the statutes are not at" in out
    assert not (home / "clauses.npz").exists()

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.documents.parser import parse_text
from knowledge.documents.records import Clause, Document
from knowledge.payloads import Citation
from knowledge.search.searcher import Searcher
from knowledge.services.catalogue import Reference, load_catalogue
from knowledge.services.preapplication import summarise
from knowledge.services.references import ItemLinks, ReferenceIndex, check_references
from knowledge.texts import text
from tests.conftest import LAWS_DIR, SEED_DOC_NO

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def corpus_index() -> ReferenceIndex:
    """The seed and the 39 statutes, as `make eval` imports them."""
    parsed = [parse_text(p.read_text("utf-8"), source=p.name) for p in sorted(LAWS_DIR.glob("*.md"))]
    seed = Path(__file__).resolve().parents[3] / "knowledge/data/documents" / f"{SEED_DOC_NO}.txt"
    parsed.append(parse_text(seed.read_text("utf-8"), source=seed.name))
    return ReferenceIndex([p.document for p in parsed], [c for p in parsed for c in p.clauses])


def test_every_reference_resolves_against_the_full_corpus(corpus_index: ReferenceIndex) -> None:
    report = check_references(CATALOGUE, corpus_index)
    assert report.errors == [] and report.warnings == []


def test_with_only_the_seed_statutes_are_warnings_not_errors(searcher: Searcher) -> None:
    report = check_references(CATALOGUE, ReferenceIndex(*searcher.contents()))
    assert report.errors == []
    assert any("《排污许可管理条例》未导入知识库" in w for w in report.warnings)
    assert not any(SEED_DOC_NO in w for w in report.warnings)


def test_an_imported_document_without_the_article_is_an_error(tmp_path: Path) -> None:
    doc = Document(doc_id="d1", title="排污许可管理条例")
    index = ReferenceIndex([doc], [Clause("d1:第十四条", "d1", "第十四条", (), "排污许可证有效期为5年。")])
    report = check_references(CATALOGUE, index)
    assert "服务事项「排污许可证申请与延续」引用的《排污许可管理条例》没有第十一条" in report.errors


@pytest.mark.parametrize(
    ("document", "article", "status"),
    [
        ("环境影响评价法", "第二十二条", "found"),
        ("中华人民共和国环境影响评价法", "第二十二条", "found"),
        (SEED_DOC_NO, "（十一）", "found"),
        ("环境影响评价法", "第九百条", "missing_article"),
        ("上海市不存在的条例", "第一条", "not_imported"),
    ],
)
def test_references_by_title_short_title_or_doc_no(
    corpus_index: ReferenceIndex, document: str, article: str, status: str
) -> None:
    assert corpus_index.status(Reference(document=document, article=article)) == status


def test_the_summary_cites_imported_clauses_and_shows_placeholders(corpus_index: ReferenceIndex) -> None:
    item = CATALOGUE.get("nonroad_machinery")
    assert item is not None
    answers = {"used_in_shanghai": True, "district": "嘉定区", "machine_count": 3, "emission": "符合排放标准"}
    summary = summarise(item, answers, corpus_index)
    assert summary.outcome.kind == "eligible" and summary.outcome.headline == "可以申报并领取识别标志"
    assert summary.details["fee"] == text("fact_placeholder")
    assert "《上海市大气污染防治条例》第四十一条" in summary.materials[0]
    cited = {(c.document, c.article) for c in summary.citations}
    assert ("上海市大气污染防治条例", "第八十八条") in cited
    assert all(c.text and c.clause_id for c in summary.citations), "imported clauses travel with their text"
    record = summary.record()
    assert (record.answers[2].question, record.answers[2].answer) == ("这次要申报多少台机械？", "3台")
    assert record.fee == summary.details["fee"] and record.legal_basis == summary.basis


def test_without_the_statute_the_summary_cites_it_as_plain_text() -> None:
    item = CATALOGUE.get("nonroad_machinery")
    assert item is not None
    summary = summarise(item, {"used_in_shanghai": False}, ReferenceIndex([], []))
    assert summary.outcome.kind == "not_eligible"
    assert summary.citations[0] == Citation.plain("上海市大气污染防治条例", "第四十一条")


def test_the_bundled_files_state_no_fee_or_time_without_a_basis() -> None:
    """A stated fee or time limit must say where it comes from; otherwise it is a placeholder."""
    for path in sorted((Path(__file__).resolve().parents[3] / "knowledge/data/services").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for field in ("fee", "time_limit"):
            fact = data.get(field)
            if isinstance(fact, dict) and fact.get("text"):
                assert fact.get("basis"), f"{path.name}: {field} is stated without a basis"


def test_item_links_know_which_item_a_clause_rests_on() -> None:
    catalogue = load_catalogue()
    doc = Document(doc_id="p", title="排污许可管理条例")
    labels = ["第七条", "第八条", "第九条", "第十条", "第十一条", "第十二条", "第十四条"]
    index = ReferenceIndex([doc], [Clause(f"p:{a}", "p", a, (), "……") for a in labels])
    links = ItemLinks.build(catalogue, index)
    assert links.resting_on["p:第十四条"].id == "pollutant_permit"
    assert "p:第七条" not in links.resting_on  # a fact's basis, not the item's legal basis

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from knowledge.search.confidence import DEFAULT_CONFIDENCE, ConfidenceModel, ConfidenceModelError
from knowledge.search.config import DEFAULT_DENSE_WEIGHT, DEFAULT_QUESTIONS_WEIGHT, AnswerPolicy, SearchConfig
from knowledge.settings import KnowledgeSettings


def test_search_defaults_are_the_search_packages_own() -> None:
    s = KnowledgeSettings(_env_file=None)
    assert replace(s.answer_policy, confidence=None) == AnswerPolicy()
    assert s.answer_policy.confidence == ConfidenceModel.load(DEFAULT_CONFIDENCE)
    assert s.embedding_model == "e5-small-offline"
    assert s.search_config == SearchConfig(
        weights={**SearchConfig().weights, "dense": DEFAULT_DENSE_WEIGHT, "questions": DEFAULT_QUESTIONS_WEIGHT}
    )


def test_the_scope_margin_is_e5s_calibrated_one_off_for_other_models_unless_set() -> None:
    assert KnowledgeSettings(_env_file=None).answer_policy.outside_margin == AnswerPolicy().outside_margin == 0.01
    assert KnowledgeSettings(_env_file=None, embedding_model="kb-static").answer_policy.outside_margin is None
    chosen = KnowledgeSettings(_env_file=None, embedding_model="kb-static", answer_outside_margin=0.05)
    assert chosen.answer_policy.outside_margin == 0.05


def test_the_confidence_model_is_e5s_own_off_for_other_models_and_a_bad_file_is_an_error(tmp_path: Path) -> None:
    assert KnowledgeSettings(_env_file=None, answer_confidence="off").answer_policy.confidence is None
    assert KnowledgeSettings(_env_file=None, embedding_model="kb-static").answer_policy.confidence is None
    chosen = tmp_path / "confidence.json"
    chosen.write_text(ConfidenceModel.load().to_json(), "utf-8")
    other = KnowledgeSettings(_env_file=None, embedding_model="kb-static", answer_confidence=str(chosen))
    assert other.answer_policy.confidence == ConfidenceModel.load()
    chosen.write_text("{", "utf-8")
    with pytest.raises(ConfidenceModelError):
        _ = KnowledgeSettings(_env_file=None, answer_confidence=str(chosen)).answer_policy


def test_without_an_embedding_model_there_is_no_dense_channel() -> None:
    assert KnowledgeSettings(_env_file=None, embedding_model="").search_config == SearchConfig()


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOASSIST_ANSWER_MIN_COVERAGE", "0.4")
    monkeypatch.setenv("ECOASSIST_EMBEDDING_MODEL", "kb-static")
    monkeypatch.setenv("ECOASSIST_FUSION", "rrf")
    monkeypatch.setenv("ECOASSIST_WEIGHT_WORDS", "0.5")
    s = KnowledgeSettings(_env_file=None)
    assert s.answer_policy.min_coverage == 0.4
    assert s.search_config.weights == {"words": 0.5, "bigrams": 1.0, "dense": 0.5, "questions": 1.0}
    assert s.search_config.method == "rrf"


def test_empty_variables_mean_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """A copied .env.example leaves many fields empty; they must not become Path('.')."""
    monkeypatch.setenv("ECOASSIST_SERVICES_DIR", "")
    assert (KnowledgeSettings(_env_file=None).services_dir / "06_pollutant_permit.yml").exists()


def test_gateway_fields_are_not_knowledge_settings() -> None:
    assert not {"secret_key", "rasa_token", "database", "port"} & set(KnowledgeSettings.model_fields)


def test_none_switches_the_dense_channel_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty variable means the default (e5-small-offline), so 'off' needs a word of its own."""
    monkeypatch.setenv("ECOASSIST_EMBEDDING_MODEL", "none")
    s = KnowledgeSettings(_env_file=None)
    assert (s.embedding_model, s.search_config) == ("", SearchConfig())
    monkeypatch.setenv("ECOASSIST_EMBEDDING_MODEL", "")
    assert KnowledgeSettings(_env_file=None).embedding_model == "e5-small-offline"


def test_the_similarity_floor_is_e5s_unless_set() -> None:
    assert KnowledgeSettings(_env_file=None).answer_policy.min_similarity == AnswerPolicy().min_similarity
    assert KnowledgeSettings(_env_file=None, embedding_model="/opt/models/bge").answer_policy.min_similarity == 0.0
    bge = KnowledgeSettings(_env_file=None, embedding_model="/opt/models/bge", answer_min_similarity=0.5)
    assert bge.answer_policy.min_similarity == 0.5


def test_channel_agreement_is_calibrated_for_e5_and_off_for_other_models_unless_set() -> None:
    e5 = KnowledgeSettings(_env_file=None).answer_policy
    assert (e5.agreement_rank, e5.agreement_similarity) == (1, 0.88)
    assert KnowledgeSettings(_env_file=None, embedding_model="/opt/models/bge").answer_policy.agreement_rank == 0
    bge = KnowledgeSettings(_env_file=None, embedding_model="/opt/models/bge", answer_agreement_similarity=0.6)
    assert (bge.answer_policy.agreement_rank, bge.answer_policy.agreement_similarity) == (1, 0.6)


def test_a_negative_document_prior_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fusion finds each channel's floor among its positive scores: no channel may go below 0."""
    monkeypatch.setenv("ECOASSIST_DOCUMENT_PRIOR", "-0.2")
    with pytest.raises(ValidationError, match="document_prior"):
        KnowledgeSettings(_env_file=None)

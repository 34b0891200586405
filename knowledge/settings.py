"""The knowledge layer's settings: where the knowledge lives and how search decides.

Plain data read from ``ECOASSIST_*`` variables and ``.env``. The action server uses
these alone; the gateway's settings (:mod:`api.settings`) extend them with its own
fields under the same names. Search defaults come from :mod:`knowledge.search.config`,
so each number is written once. Factories live with what they make
(:func:`knowledge.search.searcher.open_searcher`,
:func:`knowledge.services.catalogue.load_catalogue`). ``.env.example`` documents every field.

>>> s = KnowledgeSettings(_env_file=None, home="/srv/eco")
>>> s.knowledge_paths.library.as_posix(), s.answer_policy.min_coverage
('/srv/eco/knowledge/library.db', 0.15)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.documents.importer import DEFAULT_DOCUMENTS
from knowledge.search.confidence import DEFAULT_CONFIDENCE, ConfidenceModel
from knowledge.search.config import (
    DEFAULT_DENSE_WEIGHT,
    DEFAULT_QUESTIONS_WEIGHT,
    DEFAULT_WEIGHTS,
    AnswerPolicy,
    SearchConfig,
)
from knowledge.search.e5_offline import E5_OFFLINE
from knowledge.search.fusion import FusionMethod
from knowledge.search.manifest import KnowledgePaths
from knowledge.services.catalogue import SERVICES_DIR

# The 39 public statutes beside the project (../shared/corpus/laws); read from there, not copied.
DEFAULT_STATUTES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws"
_POLICY = AnswerPolicy()
NO_MODEL = {"none", "off"}
_SEARCH = SearchConfig()


class KnowledgeSettings(BaseSettings):
    """What every process that searches or walks through service items needs."""

    model_config = SettingsConfigDict(env_prefix="ECOASSIST_", env_file=".env", extra="ignore", env_ignore_empty=True)

    env: Literal["development", "production"] = "development"
    home: Path = Path("var")
    log_level: str = "INFO"

    # default knowledge: the bundled seed always; the public statutes when their folder exists
    import_statutes: bool = True
    statutes_dir: Path = DEFAULT_STATUTES

    # knowledge search
    answer_min_coverage: float = _POLICY.min_coverage
    answer_min_strength: float = _POLICY.min_strength
    # e5-small-offline's calibrated floor by default; other models' similarities have other scales
    answer_min_similarity: float | None = None
    answer_agreement_rank: int = _POLICY.agreement_rank
    answer_agreement_similarity: float | None = None
    # e5-small-offline's calibrated margin by default; other models: off unless set
    answer_outside_margin: float | None = None
    # the calibrated answer-confidence model (knowledge/search/confidence.py): a file, "off" for
    # the rules above; by default the project's own, fitted for e5-small-offline only
    answer_confidence: str = ""
    fusion: FusionMethod = _SEARCH.method
    weight_words: float = DEFAULT_WEIGHTS["words"]
    weight_bigrams: float = DEFAULT_WEIGHTS["bigrams"]
    weight_dense: float = DEFAULT_DENSE_WEIGHT
    weight_questions: float = DEFAULT_QUESTIONS_WEIGHT
    document_prior: float = Field(default=_SEARCH.document_prior, ge=0)  # fusion reads scores of 0 or more
    penalty_preference: float = _SEARCH.penalty_preference
    consequence_preference: float = _SEARCH.consequence_preference
    definition_preference: float = Field(default=_SEARCH.definition_preference, ge=0, lt=1)
    regime_preference: float = Field(default=_SEARCH.regime_preference, ge=0)
    medium_preference: float = Field(default=_SEARCH.medium_preference, ge=0, lt=1)
    question_blend: float = Field(default=_SEARCH.question_blend, ge=0, allow_inf_nan=False)
    embedding_model: str = E5_OFFLINE  # chosen on the dev part of the eval set: docs/benchmarks.md
    embedding_query_prefix: str = ""
    reranker_model: str = ""
    rerank_depth: int = 20

    # service items ("好办/快办")
    services_dir: Path = SERVICES_DIR

    @field_validator("embedding_model")
    @classmethod
    def _none_means_off(cls, value: str) -> str:
        """``none`` (or ``off``) switches the dense channel off: an empty value means the default."""
        return "" if value.strip().lower() in NO_MODEL else value.strip()

    @property
    def knowledge_paths(self) -> KnowledgePaths:
        return KnowledgePaths(self.home)

    @property
    def default_documents(self) -> dict[str, Path]:
        """The folders, by role, imported into every new library (and into an old one lacking them)."""
        return {"seed": DEFAULT_DOCUMENTS, **({"statutes": self.statutes_dir} if self.import_statutes else {})}

    @property
    def answer_policy(self) -> AnswerPolicy:
        """When search answers and when it says it is not sure (the model file is read once)."""
        calibrated = self.embedding_model == E5_OFFLINE
        floor = self.answer_min_similarity
        if floor is None:
            floor = _POLICY.min_similarity if calibrated else 0.0
        # agreement needs a similarity floor on the model's own scale: off for other models unless set
        agreement = self.answer_agreement_similarity
        if agreement is None and calibrated:
            agreement = _POLICY.agreement_similarity
        outside = self.answer_outside_margin
        if outside is None and calibrated:
            outside = _POLICY.outside_margin
        return AnswerPolicy(
            confidence=self._confidence_model(calibrated=calibrated),
            min_coverage=self.answer_min_coverage,
            min_strength=self.answer_min_strength,
            min_similarity=floor,
            agreement_rank=self.answer_agreement_rank if agreement is not None else 0,
            agreement_similarity=agreement or 0.0,
            outside_margin=outside,
        )

    def _confidence_model(self, *, calibrated: bool) -> ConfidenceModel | None:
        """The model the policy answers by, or ``None`` for its rules (a malformed file is a
        :class:`ConfidenceModelError`, never a silent switch to the rules)."""
        chosen = self.answer_confidence.strip()
        if chosen.lower() in NO_MODEL or (not chosen and not calibrated):
            return None
        path = Path(chosen) if chosen else DEFAULT_CONFIDENCE
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = 0  # load names the missing file
        return _stored_model(path, stamp)

    @property
    def search_config(self) -> SearchConfig:
        weights = {"words": self.weight_words, "bigrams": self.weight_bigrams}
        if self.embedding_model:
            weights["dense"] = self.weight_dense
            weights["questions"] = self.weight_questions
        return SearchConfig(
            method=self.fusion,
            weights=weights,
            document_prior=self.document_prior,
            penalty_preference=self.penalty_preference,
            consequence_preference=self.consequence_preference,
            definition_preference=self.definition_preference,
            regime_preference=self.regime_preference,
            medium_preference=self.medium_preference,
            question_blend=self.question_blend,
        )


@lru_cache(maxsize=8)
def _stored_model(path: Path, stamp: int) -> ConfidenceModel:
    """The confidence model in ``path`` as of modification time ``stamp`` (read once per version)."""
    return ConfidenceModel.load(path)


@lru_cache(maxsize=1)
def get_knowledge_settings() -> KnowledgeSettings:
    """The process-wide knowledge settings, read once (the action server's settings)."""
    return KnowledgeSettings()

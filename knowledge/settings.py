"""The one settings object of ecoassist, read from ``ECOASSIST_*`` variables and ``.env``.

It lives in ``knowledge`` because that is the package every process imports
(``api`` and ``actions`` both depend on it, never the other way round).
``.env.example`` documents every field.

>>> Settings(_env_file=None, env="development").rasa_token.get_secret_value()
'dev-rasa-token'
>>> Settings(_env_file=None, env="production")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings
...
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.catalogue import SERVICES_DIR, Catalogue, load_catalogue
from knowledge.fusion import FusionMethod
from knowledge.manifest import KnowledgePaths
from knowledge.rerank import load_reranker
from knowledge.search import AnswerPolicy, SearchConfig, Searcher
from knowledge.tokenizer import Tokenizer

DEV_RASA_TOKEN = "dev-rasa-token"
DEV_SECRET_KEY = "dev-secret-key-change-me"


class Settings(BaseSettings):
    """Every setting of every ecoassist process."""

    model_config = SettingsConfigDict(env_prefix="ECOASSIST_", env_file=".env", extra="ignore", env_ignore_empty=True)

    env: Literal["development", "production"] = "development"
    home: Path = Path("var")
    log_level: str = "INFO"

    # gateway
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    database: Path | None = None
    widget_origins: list[str] = []
    events_max_seconds: float = 55.0
    events_poll_seconds: float = 1.0
    staff_session_hours: float = 10.0
    office_opens: time = time(9, 0)
    office_closes: time = time(17, 0)
    office_extra_holidays: list[date] = []
    office_extra_workdays: list[date] = []
    queue_amber_minutes: int = 5
    queue_red_minutes: int = 15

    # Rasa and the action server
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: SecretStr = SecretStr(DEV_RASA_TOKEN)
    rasa_model: Path = Path("models/ecoassist.tar.gz")
    rasa_timeout: float = 20.0
    rasa_venv: Path = Path(".venv-rasa")
    action_server_url: str = "http://127.0.0.1:5055"

    # knowledge search
    answer_min_coverage: float = 0.15
    answer_min_strength: float = 1.6
    fusion: FusionMethod = "rrf"
    weight_words: float = 0.5
    weight_bigrams: float = 1.0
    weight_dense: float = 0.5
    document_prior: float = 0.4
    embedding_model: str = ""
    embedding_query_prefix: str = ""
    reranker_model: str = ""
    rerank_depth: int = 20

    # Service items ("好办/快办")
    services_dir: Path = SERVICES_DIR
    service_reference_prefix: str = "HB"

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.env != "development":
            weak = [
                name
                for name, value, default in (
                    ("ECOASSIST_SECRET_KEY", self.secret_key, DEV_SECRET_KEY),
                    ("ECOASSIST_RASA_TOKEN", self.rasa_token, DEV_RASA_TOKEN),
                )
                if value.get_secret_value() in ("", default)
            ]
            if weak:
                raise ValueError(f"{', '.join(weak)} must be set to a secret value when ECOASSIST_ENV={self.env}")
        return self

    @property
    def database_path(self) -> Path:
        return self.database or self.home / "ecoassist.db"

    @property
    def knowledge_paths(self) -> KnowledgePaths:
        return KnowledgePaths(self.home)

    @property
    def answer_policy(self) -> AnswerPolicy:
        return AnswerPolicy(min_coverage=self.answer_min_coverage, min_strength=self.answer_min_strength)

    @property
    def search_config(self) -> SearchConfig:
        weights = {"words": self.weight_words, "bigrams": self.weight_bigrams}
        if self.embedding_model:
            weights["dense"] = self.weight_dense
        return SearchConfig(method=self.fusion, weights=weights, document_prior=self.document_prior)

    def open_searcher(self, tokenizer: Tokenizer | None = None) -> Searcher:
        """A searcher over the live index with these settings (raises IndexMissing if none)."""
        reranker = load_reranker(self.reranker_model, depth=self.rerank_depth) if self.reranker_model else None
        return Searcher(
            self.knowledge_paths,
            tokenizer or Tokenizer.from_directory(),
            self.answer_policy,
            self.search_config,
            reranker,
        )

    def catalogue(self) -> Catalogue:
        """The service-item catalogue (raises CatalogueError if a file is malformed)."""
        return load_catalogue(self.services_dir)

    @property
    def chat_url(self) -> str:
        return self.public_url or f"http://localhost:{self.port}/"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()

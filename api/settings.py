"""The gateway's settings: the knowledge settings plus the gateway's, Rasa's and the staff's.

Read from the same ``ECOASSIST_*`` variables and ``.env`` as
:class:`knowledge.settings.KnowledgeSettings`, which this extends; ``.env.example``
documents every field. Outside development the default secrets are refused, so a
production gateway never starts with them.

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

from pydantic import Field, SecretStr, model_validator

from knowledge.settings import KnowledgeSettings

DEV_RASA_TOKEN = "dev-rasa-token"
DEV_SECRET_KEY = "dev-secret-key-change-me"


class Settings(KnowledgeSettings):
    """Every setting of the gateway and the ``ecoassist`` command."""

    # gateway
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    database: Path | None = None
    widget_origins: list[str] = Field(default_factory=list)
    events_max_seconds: float = 55.0
    events_poll_seconds: float = 1.0
    events_max_streams: int = 1000
    events_max_per_session: int = 3
    events_max_per_address: int = 50
    staff_session_hours: float = 10.0
    staff_idle_minutes: float = 30.0
    # limits, in the `limits` library's notation; "" switches one off
    max_body_bytes: int = 64 * 1024
    chat_rate_session: str = "20/minute;300/hour"
    chat_rate_address: str = "600/minute"
    new_conversation_rate_address: str = "600/hour"
    login_rate_address: str = "10/minute;60/hour"
    login_failures_name: str = "5/15minutes"
    # pages: who may frame the chat page (the portal), and the API docs (None: on in development only)
    frame_ancestors: list[str] = Field(default_factory=list)
    api_docs: bool | None = None
    forwarded_allow_ips: str = "127.0.0.1"
    # personal data: closed conversations' transcripts are purged after this many days (0: kept)
    retention_days: int = 180
    office_opens: time = time(9, 0)
    office_closes: time = time(17, 0)
    office_extra_holidays: list[date] = Field(default_factory=list)
    office_extra_workdays: list[date] = Field(default_factory=list)
    queue_amber_minutes: int = 5
    queue_red_minutes: int = 15
    service_reference_prefix: str = "HB"

    # WeChat Official Account (公众号): the callback answers 404 until the token is set
    wechat_token: SecretStr = SecretStr("")
    wechat_encoding_aes_key: SecretStr = SecretStr("")
    wechat_app_id: str = ""
    wechat_app_secret: SecretStr = SecretStr("")
    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_max_clock_skew: float = 300.0
    wechat_passive_seconds: float = 4.0

    # WeCom 微信客服: the callback /wechat/kf answers 404 until the token is set
    wecom_token: SecretStr = SecretStr("")
    wecom_encoding_aes_key: SecretStr = SecretStr("")
    wecom_corp_id: str = ""
    wecom_secret: SecretStr = SecretStr("")
    wecom_api_base: str = "https://qyapi.weixin.qq.com"

    # Rasa and the action server
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: SecretStr = SecretStr(DEV_RASA_TOKEN)
    rasa_model: Path = Path("models/ecoassist.tar.gz")
    rasa_timeout: float = 20.0
    rasa_concurrency: int = 4
    rasa_queue_seconds: float = 3.0
    rasa_venv: Path = Path(".venv-rasa")
    action_server_url: str = "http://127.0.0.1:5055"

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
    def wechat_enabled(self) -> bool:
        return bool(self.wechat_token.get_secret_value())

    @property
    def wecom_enabled(self) -> bool:
        return bool(self.wecom_token.get_secret_value() and self.wecom_encoding_aes_key.get_secret_value())

    @property
    def docs_enabled(self) -> bool:
        return self.env == "development" if self.api_docs is None else self.api_docs

    @property
    def rate_limits(self) -> dict[str, str]:
        """The named limits of :class:`api.rate_limits.RateLimits`."""
        return {
            "chat_session": self.chat_rate_session,
            "chat_address": self.chat_rate_address,
            "new_conversation_address": self.new_conversation_rate_address,
            "login_address": self.login_rate_address,
            "login_failures": self.login_failures_name,
        }

    @property
    def database_path(self) -> Path:
        return self.database or self.home / "ecoassist.db"

    @property
    def chat_url(self) -> str:
        return self.public_url or f"http://localhost:{self.port}/"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The gateway's settings, read once."""
    return Settings()

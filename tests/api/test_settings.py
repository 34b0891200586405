from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from api.settings import Settings
from tests.conftest import PROJECT_ROOT


def test_every_field_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^(ECOASSIST_[A-Z0-9_]+)=", (PROJECT_ROOT / ".env.example").read_text(), re.M))
    assert documented == {f"ECOASSIST_{name.upper()}" for name in Settings.model_fields}


@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        ({}, ["ECOASSIST_SECRET_KEY", "ECOASSIST_RASA_TOKEN"]),
        ({"secret_key": "s3cr3t-value"}, ["ECOASSIST_RASA_TOKEN"]),
        ({"rasa_token": "t0ken-value", "secret_key": ""}, ["ECOASSIST_SECRET_KEY"]),
    ],
)
def test_default_secrets_are_refused_in_production(overrides: dict[str, str], refused: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, env="production", **overrides)  # type: ignore[arg-type]
    for name in refused:
        assert name in str(info.value)


def test_production_with_real_secrets_starts() -> None:
    s = Settings(_env_file=None, env="production", secret_key="a-real-secret", rasa_token="a-real-token")  # type: ignore[arg-type]
    assert s.database_path == s.home / "ecoassist.db"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOASSIST_PORT", "8123")
    monkeypatch.setenv("ECOASSIST_ANSWER_MIN_COVERAGE", "0.4")
    s = Settings(_env_file=None)
    assert (s.port, s.answer_policy.min_coverage, s.chat_url) == (8123, 0.4, "http://localhost:8123/")


def test_empty_variables_mean_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """A copied .env.example leaves many fields empty; they must not become Path('.')."""
    monkeypatch.setenv("ECOASSIST_DATABASE", "")
    s = Settings(_env_file=None)
    assert s.database is None and s.database_path == s.home / "ecoassist.db"

"""The bureau's contact and reporting channels, as data the bureau maintains
(``knowledge/data/contacts.yml``). A channel not yet published is a placeholder, shown as
such and never guessed.

>>> contacts = load_contacts()
>>> [c.line() for c in contacts.reporting][0]
'全国生态环境举报热线：12369'
>>> contacts.consultation[0].line()
'企业服务咨询电话：待公布（市生态环境局企业服务咨询电话）'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from knowledge.services.catalogue import Reference
from knowledge.texts import text

CONTACTS_FILE = Path(__file__).parent / "data" / "contacts.yml"


class ContactsError(ValueError):
    """The contacts file is malformed; the message names the problem."""


class Channel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    value: str = ""
    placeholder: str = ""

    @model_validator(mode="after")
    def _one_of(self) -> Channel:
        if bool(self.value) == bool(self.placeholder):
            raise ValueError(f"channel {self.name}: either a value or a placeholder")
        return self

    def line(self) -> str:
        shown = self.value or text("contact_placeholder").format(what=self.placeholder)
        return f"{self.name}：{shown}"


class Contacts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    consultation: tuple[Channel, ...]
    reporting: tuple[Channel, ...]
    reporting_basis: Reference

    @staticmethod
    def lines(channels: tuple[Channel, ...]) -> str:
        return "\n".join(f"- {c.line()}" for c in channels)


@lru_cache(maxsize=4)
def load_contacts(path: Path = CONTACTS_FILE) -> Contacts:
    try:
        return Contacts.model_validate(yaml.safe_load(path.read_text("utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ContactsError(f"{path.name}: {exc}") from exc

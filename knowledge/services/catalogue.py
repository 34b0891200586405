"""The "好办/快办" service-item catalogue: one YAML file per item under ``data/services``.

Each item states who handles it, the questions of its eligibility pre-check, the rules
that turn answers into an outcome, and the practical facts (materials, steps, time
limit, fee, online entry) with their legal basis. A fact the bureau's documents do not
establish is written as ``{placeholder: what is missing}`` and shown to users as
"请以业务部门公布为准" — never guessed.

Adding an item means adding a YAML file (and NLU examples); no Python changes.

>>> catalogue = load_catalogue()
>>> catalogue.resolve("我想办个排污证").name
'排污许可证申请与延续'
>>> catalogue.resolve("今天天气不错") is None
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SERVICES_DIR = Path(__file__).parents[1] / "data" / "services"
QuestionKind = Literal["choice", "yes_no", "number", "date", "district", "text"]
OutcomeKind = Literal["eligible", "not_eligible", "review"]
Conditions = dict[str, Any]
OPERATORS = {"lt", "lte", "gt", "gte", "not"}


class CatalogueError(ValueError):
    """A service-item file is malformed; the message names the file and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Strict):
    """A pointer into the knowledge base: a document (by title or 文号) and one of its clauses."""

    document: str
    article: str

    def plain(self) -> str:
        return f"《{self.document}》{self.article}"


class Fact(_Strict):
    """A stated fact (``text``, optionally with its ``basis``) or a ``placeholder`` for the bureau.

    ``when`` restricts a material or step to some answers. A bare string in YAML is a
    stated fact.
    """

    text: str = ""
    basis: Reference | None = None
    placeholder: str = ""
    when: Conditions = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _one_of(self) -> Fact:
        if bool(self.text) == bool(self.placeholder):
            raise ValueError("a fact has either text or a placeholder, not both or neither")
        return self

    @property
    def pending(self) -> bool:
        return bool(self.placeholder)


class Question(_Strict):
    """One eligibility question; ``reprompt`` is said when an answer does not fit ``kind``."""

    id: str
    kind: QuestionKind
    prompt: str
    reprompt: str
    options: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str = ""
    max_length: int = 200
    ask_if: Conditions = Field(default_factory=dict)

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        if (self.kind == "choice") != bool(self.options):
            raise ValueError(f"question {self.id}: options are required for a choice and only for a choice")
        return self


class Rule(_Strict):
    """When every condition holds, the pre-check ends with this outcome (first rule wins)."""

    when: Conditions
    outcome: OutcomeKind
    headline: str = ""
    reason: str
    basis: tuple[Reference, ...] = ()


class Phrases(_Strict):
    """How users name an item without its name: the things they handle (叉车、排污证), what they
    want to achieve (许可证快到期了要续) and questions they typically ask. Matched by
    :mod:`knowledge.services.recognition`, lexically and semantically. ``excludes`` names what
    looks like the item but is something else (卫生许可证 is not 排污许可证): a message that
    names one of them is not about this item."""

    objects: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


class ServiceItem(_Strict):
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    recognise: Phrases = Phrases()
    category: Literal["好办", "快办"]
    department: Fact
    description: str
    caveat: str = ""
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...] = ()
    eligible_headline: str = ""
    materials: tuple[Fact, ...]
    steps: tuple[Fact, ...]
    time_limit: Fact
    fee: Fact | None = None
    online_entry: Fact
    legal_basis: tuple[Reference, ...]

    @model_validator(mode="after")
    def _conditions_name_questions(self) -> ServiceItem:
        by_id = {q.id: q for q in self.questions}
        if len(by_id) != len(self.questions):
            raise ValueError("question ids must be unique")
        for n, q in enumerate(self.questions):
            later = set(q.ask_if) - {p.id for p in self.questions[:n]}
            if later:
                raise ValueError(f"question {q.id} may only depend on earlier questions, not {sorted(later)}")
        conditions = [(f"question {q.id}", q.ask_if) for q in self.questions]
        conditions += [(f"rule {n}", r.when) for n, r in enumerate(self.rules, 1)]
        conditions += [("material", f.when) for f in self.materials] + [("step", f.when) for f in self.steps]
        for where, when in conditions:
            for qid, expected in when.items():
                if qid not in by_id:
                    raise ValueError(f"{where} refers to unknown question {qid!r}")
                _check_condition(by_id[qid], expected, where)
        return self

    def phrases(self) -> list[str]:
        """Everything that names the item for recognition: name, aliases, objects, goals, questions."""
        r = self.recognise
        return list(dict.fromkeys([self.name, *self.aliases, *r.objects, *r.goals, *r.questions]))

    def excluded_by(self, text: str) -> bool:
        """Whether ``text`` names something that only looks like this item, and not the item by
        its name or an alias (「有了安全生产许可证，还要办排污许可证吗」 names both: the permit is
        meant). Objects are no such anchor: 许可证副本 is any permit's."""
        if not any(e in text for e in self.recognise.excludes):
            return False
        return not any(n in text for n in (self.name, *self.aliases))

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def references(self) -> list[Reference]:
        """Every reference the item makes: legal basis, rule bases and facts' bases."""
        refs = [*self.legal_basis, *(b for r in self.rules for b in r.basis)]
        return refs + [f.basis for f in self.facts() if f.basis is not None]

    def facts(self) -> list[Fact]:
        facts = [self.department, self.time_limit, self.fee, self.online_entry, *self.materials, *self.steps]
        return [f for f in facts if f is not None]

    def placeholders(self) -> list[str]:
        return [f.placeholder for f in self.facts() if f.pending]


def _check_condition(question: Question, expected: Any, where: str) -> None:
    """Catch typos early: a choice condition must name one of the question's options."""
    if isinstance(expected, dict):
        unknown = set(expected) - OPERATORS
        if unknown:
            raise ValueError(f"{where}: unknown operator(s) {sorted(unknown)}")
        return
    values = expected if isinstance(expected, list) else [expected]
    if question.kind == "choice" and any(v not in question.options for v in values):
        raise ValueError(f"{where}: {values} is not among the options of {question.id}")
    if question.kind == "yes_no" and any(not isinstance(v, bool) for v in values):
        raise ValueError(f"{where}: a yes/no condition on {question.id} must be true or false")


class Catalogue:
    """The items, in file order, found by id, name or alias."""

    def __init__(self, items: list[ServiceItem]) -> None:
        self.items = {item.id: item for item in items}

    def __iter__(self) -> Any:
        return iter(self.items.values())

    def get(self, item_id: str) -> ServiceItem | None:
        return self.items.get(item_id)

    def names(self) -> list[str]:
        """Every item's name and aliases, as users may write them."""
        return [n for item in self for n in (item.name, *item.aliases) if n]

    def resolve(self, text: str | None) -> ServiceItem | None:
        """The item a text names (id, name or alias; the longest name found in the text wins)."""
        if not text:
            return None
        text = text.strip()
        if text in self.items:
            return self.items[text]
        found = [(len(n), item) for item in self for n in (item.name, *item.aliases) if n and n in text]
        return max(found, key=lambda pair: pair[0])[1] if found else None


def parse_item(path: Path) -> ServiceItem:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        return ServiceItem.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{path.name}: {exc}") from exc


def load_catalogue(directory: Path = SERVICES_DIR) -> Catalogue:
    """Read every ``*.yml`` item in ``directory`` (sorted by file name)."""
    items = [parse_item(p) for p in sorted(directory.glob("*.yml"))]
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise CatalogueError(f"duplicate item ids in {directory}: {sorted({i for i in ids if ids.count(i) > 1})}")
    return Catalogue(items)

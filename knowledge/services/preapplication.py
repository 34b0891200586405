"""The end of a walk-through: a readable summary and the pre-application record.

The summary's parts go into the bot's responses (``bot/domain.yml`` holds the wording);
the record is what the gateway stores and numbers. References that the knowledge base
in use holds are cited with their clause; others as plain text.

>>> from knowledge.services.catalogue import load_catalogue
>>> from knowledge.services.references import ReferenceIndex
>>> item = load_catalogue().get("credit_repair")
>>> s = summarise(item, {"has_record": False}, ReferenceIndex([], []))
>>> s.outcome.kind, s.outcome.headline
('not_eligible', '无需修复')
>>> [(a.question, a.answer) for a in s.record().answers]
[('贵单位目前是否有环保方面的失信信息（例如行政处罚记录）？', '否')]
>>> s.citations[0].document, s.citations[0].article, s.citations[0].text  # not imported: cited as plain text
('沪环综〔2021〕224号', '（八）', '')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.documents.records import citation_line
from knowledge.payloads import AnsweredQuestion, Citation, ServiceRecord
from knowledge.services.catalogue import Fact, Reference, ServiceItem
from knowledge.services.eligibility import Answers, Outcome, applicable, decide
from knowledge.services.references import ReferenceIndex
from knowledge.services.walkthrough import display
from knowledge.texts import text


def cite(ref: Reference, index: ReferenceIndex) -> Citation:
    """The citation of a reference: the clause when imported, else the plain reference."""
    hit = index.hit(ref)
    return Citation.from_hit(hit) if hit is not None else Citation.plain(ref.document, ref.article)


def label(ref: Reference, index: ReferenceIndex) -> str:
    """《title》（文号）article as answers cite it, or the plain reference when not imported."""
    hit = index.hit(ref)
    return citation_line(hit) if hit is not None else ref.plain()


def render(fact: Fact, index: ReferenceIndex) -> str:
    """A fact as shown to users: its text and basis, or the placeholder phrase."""
    if fact.pending:
        return text("fact_placeholder")
    if fact.basis is None:
        return fact.text
    return fact.text + text("fact_basis").format(citation=label(fact.basis, index))


def numbered(lines: list[str]) -> str:
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))


@dataclass(frozen=True)
class Summary:
    item: ServiceItem
    outcome: Outcome
    answers: list[tuple[str, str]]
    materials: list[str]
    steps: list[str]
    details: dict[str, str]
    citations: list[Citation]
    basis: list[str]

    def detail_lines(self) -> str:
        """受理部门 / 办理时限 / 收费 / 办理入口, one per line (收费 only where the item has it)."""
        return "\n".join(text(f"detail_{name}").format(value=value) for name, value in self.details.items())

    def record(self) -> ServiceRecord:
        """The pre-application record the action reports to the gateway."""
        return ServiceRecord(
            item_id=self.item.id,
            item=self.item.name,
            category=self.item.category,
            outcome=self.outcome.kind,
            headline=self.outcome.headline,
            reason=self.outcome.reason,
            answers=[AnsweredQuestion(question=q, answer=a) for q, a in self.answers],
            materials=self.materials,
            steps=self.steps,
            department=self.details["department"],
            time_limit=self.details["time_limit"],
            fee=self.details.get("fee"),
            online_entry=self.details["online_entry"],
            legal_basis=self.basis,
        )


def summarise(item: ServiceItem, answers: Answers, index: ReferenceIndex, *, today: date | None = None) -> Summary:
    """Everything the user is told at the end, from the item and the answers given."""
    outcome = decide(item, answers, today=today) or Outcome("review", "", "")
    refs = list(dict.fromkeys([*outcome.basis, *item.legal_basis]))
    facts = {"department": item.department, "time_limit": item.time_limit}
    if item.fee is not None:
        facts["fee"] = item.fee
    facts["online_entry"] = item.online_entry
    return Summary(
        item=item,
        outcome=Outcome(outcome.kind, outcome.headline or item.eligible_headline, outcome.reason, outcome.basis),
        answers=[(item.question(qid).prompt, display(item.question(qid), v)) for qid, v in answers.items()],
        materials=[render(f, index) for f in applicable(item, item.materials, answers, today=today)],
        steps=[render(f, index) for f in applicable(item, item.steps, answers, today=today)],
        details={name: render(fact, index) for name, fact in facts.items()},
        citations=[cite(r, index) for r in refs],
        basis=[label(r, index) for r in refs],
    )

"""What the actions report to the gateway beside their text: the contract of a reply's custom payload.

An action sends a :class:`BotPayload` as Rasa's ``json_message``; the gateway reads what
arrives with :meth:`BotPayload.read` (part by part) and acts on each field it holds (cites, records
feedback, stores a pre-application record, lists the records, opens an escalation). Both
sides import the same models, so the shape is written once, here. The web API's citations
are :class:`Citation` too.

>>> from knowledge.documents.records import Clause, Document, Hit
>>> clause = Clause("d:（二）", "d", "（二）", (), "开展试点。", ("环评处",))
>>> hit = Hit(clause, Document("d", "某措施", "沪环综〔2021〕224号"), 9.87654)
>>> sent = BotPayload(citations=[Citation.from_hit(hit)], handoff=Handoff(reason="request", topic="两证合一"))
>>> message = sent.json_message()
>>> message["citations"][0]["score"], message["handoff"]
(9.8765, {'reason': 'request', 'topic': '两证合一', 'departments': []})
>>> BotPayload.from_custom(message) == sent
True
>>> BotPayload.from_custom({"handoff": {"reason": "bored"}})
Traceback (most recent call last):
...
knowledge.payloads.InvalidPayload: handoff.reason: literal_error
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from knowledge.documents.records import Hit

HandoffReason = Literal["complaint", "request", "offer_accepted", "review", "unanswered"]
FeedbackValue = Literal["useful", "useless"]
# 「我的预审单」: the gateway owns the records and lists the conversation's own.
RecordsRequest = Literal["list"]
# 「中午有人吗」: the gateway owns the working-hours calendar and says when staff are next in.
OfficeHoursRequest = Literal["next_opening"]


class InvalidPayload(ValueError):
    """A custom payload that is not a :class:`BotPayload`; the message names fields, never their values."""

    @classmethod
    def of(cls, error: ValidationError, *, within: str = "") -> InvalidPayload:
        problems = error.errors(include_url=False, include_input=False, include_context=False)
        return cls(
            "; ".join(
                f"{'.'.join([within, *map(str, p['loc'])]).strip('.') or 'payload'}: {p['type']}" for p in problems
            )
        )


def _absent(value: object) -> bool:
    return value is None


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Payload):
    """A cited clause; a plain-text reference (a statute not imported) has only document and article."""

    document: str = Field(min_length=1)
    doc_no: str = ""
    article: str = Field(min_length=1)
    departments: list[str] = []
    score: float = 0.0
    text: str = ""
    clause_id: str = ""

    @classmethod
    def from_hit(cls, hit: Hit) -> Citation:
        """The clause of a search hit, with its document, departments, text and match score."""
        return cls(
            document=hit.document.title,
            doc_no=hit.document.doc_no,
            article=hit.clause.label,
            departments=list(hit.clause.departments),
            score=round(hit.score, 4),
            text=hit.clause.text,
            clause_id=hit.clause.clause_id,
        )

    @classmethod
    def plain(cls, document: str, article: str) -> Citation:
        """A reference to a statute the knowledge base does not hold: its name and article only.

        >>> Citation.plain("排污许可管理条例", "第十四条").model_dump()["clause_id"]
        ''
        """
        return cls(document=document, article=article)


class Handoff(_Payload):
    """The bot hands the conversation to staff: why, about what, and the departments concerned."""

    reason: HandoffReason
    topic: str = ""
    departments: list[str] = []


class Feedback(_Payload):
    """有用/没用 on the latest answer; the gateway adds ``answer_id``, the message judged."""

    value: FeedbackValue
    clause_id: str | None = None
    query: str | None = None
    answer_id: int | None = Field(default=None, exclude_if=_absent)


class AnsweredQuestion(_Payload):
    question: str
    answer: str


class ServiceRecord(_Payload):
    """The pre-application record of a finished walk-through; the gateway stores and numbers it."""

    item_id: str
    item: str
    category: str = ""
    outcome: str
    headline: str
    reason: str = ""
    answers: list[AnsweredQuestion] = []
    materials: list[str] = []
    steps: list[str] = []
    department: str = ""
    time_limit: str = ""
    fee: str | None = Field(default=None, exclude_if=_absent)  # only items that state a fee
    online_entry: str = ""
    legal_basis: list[str] = []


class BotPayload(_Payload):
    """A reply's custom payload: each field the action fills is one thing for the gateway to do."""

    citations: list[Citation] = []
    service_record: ServiceRecord | None = None
    service_records: RecordsRequest | None = None
    feedback: Feedback | None = None
    handoff: Handoff | None = None
    office_hours: OfficeHoursRequest | None = None

    def json_message(self) -> dict[str, Any]:
        """The action's ``json_message``: the fields in use, as JSON values (absent ones left out)."""
        return {name: value for name, value in self.model_dump(mode="json").items() if value not in (None, [])}

    @classmethod
    def from_custom(cls, raw: object) -> BotPayload:
        """The strict check of a whole payload (the actions' tests hold their output to it);
        raises :class:`InvalidPayload`. The gateway reads leniently with :meth:`read`.

        The ``ValidationError`` is not chained: it quotes the input, which may be what the user wrote.
        """
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise InvalidPayload.of(exc) from None

    @classmethod
    def read(cls, raw: object) -> tuple[BotPayload, list[str]]:
        """What arrived, keeping every part that is valid, and the problems with the rest.

        Each field is checked on its own and citations one by one, so one bad part never
        takes the others with it; unknown keys are ignored (an action server one version
        ahead still works). A hand-off that does not validate still hands over, as a plain
        request: the action has already paused the conversation, and dropping the hand-off
        would leave it paused with nobody told. Problems name fields and error types, never values.

        >>> payload, problems = BotPayload.read({"citations": [{"document": "D", "article": "第一条"}, "x"],
        ...                                      "handoff": {"reason": "whim"}, "extra": 1})
        >>> len(payload.citations), payload.handoff.reason, problems
        (1, 'request', ['citations.1: model_type', 'handoff.reason: literal_error', 'extra: unknown field'])
        """
        if not isinstance(raw, dict):
            return cls(), ["payload: not an object"]
        fields: dict[str, Any] = {}
        problems: list[str] = []
        for name, value in raw.items():
            if name not in cls.model_fields:
                problems.append(f"{name}: unknown field")
            elif name == "citations":
                fields[name] = []
                for i, item in enumerate(value if isinstance(value, list) else [value]):
                    try:
                        fields[name].append(Citation.model_validate(item))
                    except ValidationError as exc:
                        problems.append(str(InvalidPayload.of(exc, within=f"citations.{i}")))
            else:
                try:
                    fields[name] = getattr(cls.model_validate({name: value}), name)
                except ValidationError as exc:
                    problems.append(str(InvalidPayload.of(exc)))
                    if name == "handoff":
                        topic = value.get("topic") if isinstance(value, dict) else None
                        fields[name] = Handoff(reason="request", topic=topic[:80] if isinstance(topic, str) else "")
        return cls(**fields), problems

    def merged(self, later: BotPayload) -> BotPayload:
        """This payload and a ``later`` one for the same message: citations add up, other fields are replaced.

        >>> a = BotPayload(citations=[Citation.plain("D", "第一条")])
        >>> b = BotPayload(citations=[Citation.plain("D", "第二条")], service_records="list")
        >>> m = a.merged(b)
        >>> [c.article for c in m.citations], m.service_records
        (['第一条', '第二条'], 'list')
        """
        update = {name: value for name, value in later if value is not None and name != "citations"}
        return self.model_copy(update={**update, "citations": [*self.citations, *later.citations]})

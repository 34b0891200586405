"""The eligibility pre-check: read an answer, pick the next question, decide the outcome.

Answers are kept as a plain ``{question_id: value}`` dict (JSON-safe, so it can live in a
Rasa slot): booleans for yes/no, numbers, ISO dates, option and district names, text.

>>> from knowledge.services.catalogue import load_catalogue
>>> item = load_catalogue().get("minor_violation_exemption")
>>> parse_answer(item.question("corrected"), "还没有")
False
>>> next_question(item, {}).id
'corrected'
>>> decide(item, {"corrected": False}).kind
'not_eligible'
>>> decide(item, {"corrected": True}) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from knowledge.services.catalogue import Conditions, Fact, OutcomeKind, Question, Reference, ServiceItem

SHANGHAI = ZoneInfo("Asia/Shanghai")
DISTRICTS_FILE = Path(__file__).parents[1] / "data" / "districts.yml"
YES = ("是的", "是", "对", "有", "需要", "已经", "已", "确认", "yes", "y")
NO = ("不是", "否", "没有", "无", "不需要", "还没", "未", "不", "no", "n")
UNSURE = ("不确定", "不清楚", "不知道", "不好说")
NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
ORDINAL_RE = re.compile(r"^第?([1-9一二三四五六七八九])(?:个|项|种)?$")
DATE_RES = (
    re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?"),
)
RELATIVE_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}
Answers = dict[str, Any]


class InvalidAnswer(ValueError):
    """The text does not answer the question; say the question's ``reprompt``."""


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    headline: str
    reason: str
    basis: tuple[Reference, ...] = ()


@lru_cache(maxsize=1)
def districts() -> tuple[tuple[str, str], ...]:
    """``(name as typed, district)`` pairs, longest first, from ``data/districts.yml``."""
    data = yaml.safe_load(DISTRICTS_FILE.read_text("utf-8"))
    pairs = [(n, str(d)) for d, short in data.items() for n in (str(d), *map(str, short))]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _cn_number(text: str) -> int | None:
    """Small Chinese numerals (一 … 九十九), which people type for counts."""
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return int("".join(str(CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def shanghai_today() -> date:
    """Today on the bureau's calendar: 今天/明天 and "within N days" count in Asia/Shanghai,
    whatever zone the action server's machine runs in."""
    return datetime.now(SHANGHAI).date()


def parse_answer(question: Question, text: str, *, today: date | None = None) -> Any:
    """The value ``text`` gives for ``question``, or :class:`InvalidAnswer`."""
    raw = text.strip()
    compact = re.sub(r"[\s，。！!,.]", "", raw).lower()
    if not compact:
        raise InvalidAnswer(question.id)
    if question.kind == "yes_no":
        if any(w in compact for w in UNSURE):
            raise InvalidAnswer(question.id)
        if compact.startswith(NO):
            return False
        if compact.startswith(YES):
            return True
        raise InvalidAnswer(question.id)
    if question.kind == "choice":
        return _parse_choice(question, compact)
    if question.kind == "number":
        return _parse_number(question, compact)
    if question.kind == "date":
        return _parse_date(question, compact, today or shanghai_today()).isoformat()
    if question.kind == "district":
        found = next((d for name, d in districts() if name in compact), None)
        if found is None:
            raise InvalidAnswer(question.id)
        return found
    if len(raw) > question.max_length:
        raise InvalidAnswer(question.id)
    return raw


def _parse_choice(question: Question, compact: str) -> str:
    exact = [o for o in question.options if re.sub(r"\s", "", o).lower() == compact]
    if exact:
        return exact[0]
    contained = [o for o in question.options if o in compact or (len(compact) >= 2 and compact in o)]
    if len(contained) == 1:
        return contained[0]
    ordinal = ORDINAL_RE.match(compact)
    if ordinal:
        n = int(ordinal.group(1)) if ordinal.group(1).isdigit() else CN_DIGITS[ordinal.group(1)]
        if 1 <= n <= len(question.options):
            return question.options[n - 1]
    raise InvalidAnswer(question.id)


def _parse_number(question: Question, compact: str) -> int | float:
    match = NUMBER_RE.search(compact.replace(",", ""))
    value: float | None = float(match.group()) if match else None
    if value is None:
        cn = _cn_number(re.sub(r"[^零一二三四五六七八九十两]", "", compact))
        value = float(cn) if cn is not None else None
    if value is None:
        raise InvalidAnswer(question.id)
    if (question.min is not None and value < question.min) or (question.max is not None and value > question.max):
        raise InvalidAnswer(question.id)
    return int(value) if value.is_integer() else value


def _parse_date(question: Question, compact: str, today: date) -> date:
    """A date; ``min``/``max`` bound it in days from today (``min: 0`` = not in the past)."""
    when: date | None = next((today + timedelta(days=n) for w, n in RELATIVE_DAYS.items() if w in compact), None)
    for pattern in DATE_RES if when is None else ():
        match = pattern.search(compact)
        if match:
            parts = match.groupdict()
            try:
                when = date(int(parts.get("y") or today.year), int(parts["m"]), int(parts["d"]))
            except ValueError as exc:
                raise InvalidAnswer(question.id) from exc
            break
    if when is None:
        raise InvalidAnswer(question.id)
    days = (when - today).days
    if (question.min is not None and days < question.min) or (question.max is not None and days > question.max):
        raise InvalidAnswer(question.id)
    return when


def _value_for_comparison(question: Question, value: Any, today: date) -> Any:
    """Dates compare as days from today, so rules can say ``{lt: 60}`` for "within 60 days"."""
    if question.kind == "date" and isinstance(value, str):
        return (date.fromisoformat(value) - today).days
    return value


def holds(item: ServiceItem, when: Conditions, answers: Answers, *, today: date | None = None) -> bool | None:
    """Whether every condition holds: ``None`` while a condition's question is still open."""
    result: bool | None = True
    for qid, expected in when.items():
        if qid not in answers:
            if asked(item, item.question(qid), answers, today=today) is False:
                return False
            result = None
            continue
        value = _value_for_comparison(item.question(qid), answers[qid], today or shanghai_today())
        if not _matches(value, expected):
            return False
    return result


def _matches(value: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return value in expected
    if isinstance(expected, dict):
        checks = {
            "lt": lambda b: value < b,
            "lte": lambda b: value <= b,
            "gt": lambda b: value > b,
            "gte": lambda b: value >= b,
            "not": lambda b: value not in (b if isinstance(b, list) else [b]),
        }
        return all(checks[op](bound) for op, bound in expected.items())
    return bool(value == expected)


def asked(item: ServiceItem, question: Question, answers: Answers, *, today: date | None = None) -> bool | None:
    """Whether the question applies given the answers so far (``None``: not known yet)."""
    return holds(item, question.ask_if, answers, today=today) if question.ask_if else True


def decide(item: ServiceItem, answers: Answers, *, today: date | None = None) -> Outcome | None:
    """The outcome once it is certain: the first rule that holds, with every earlier rule
    known not to hold; the default (eligible) once every applicable question is answered."""
    for rule in item.rules:
        verdict = holds(item, rule.when, answers, today=today)
        if verdict is None:
            return None
        if verdict:
            return Outcome(rule.outcome, rule.headline, rule.reason, rule.basis)
    if next_open_question(item, answers, today=today) is not None:
        return None
    return Outcome("eligible", item.eligible_headline, "")


def next_open_question(item: ServiceItem, answers: Answers, *, today: date | None = None) -> Question | None:
    return next(
        (q for q in item.questions if q.id not in answers and asked(item, q, answers, today=today)),
        None,
    )


def next_question(item: ServiceItem, answers: Answers, *, today: date | None = None) -> Question | None:
    """The question to ask now, or ``None`` when the outcome is decided."""
    if decide(item, answers, today=today) is not None:
        return None
    return next_open_question(item, answers, today=today)


def applicable(
    item: ServiceItem, facts: tuple[Fact, ...], answers: Answers, *, today: date | None = None
) -> list[Fact]:
    """The materials (or steps) that apply to these answers."""
    return [f for f in facts if not f.when or holds(item, f.when, answers, today=today)]


def without_last(answers: Answers) -> Answers:
    """The answers with the most recent one taken back (「上一步」)."""
    return dict(list(answers.items())[:-1])

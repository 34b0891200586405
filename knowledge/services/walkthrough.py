"""One turn of a service walk-through: what the user's message means for the pre-check.

The Rasa form keeps the answers in a slot; this module decides, without Rasa, whether
a message answers the open question, takes the last answer back, asks a policy question
in passing, switches to another item, or does not fit (and needs the re-prompt).

>>> from knowledge.services.catalogue import load_catalogue
>>> catalogue = load_catalogue()
>>> item = catalogue.get("pollutant_permit")
>>> take(catalogue, item, {}, "首次申请", "inform").kind
'answered'
>>> take(catalogue, item, {}, "排污许可证的有效期是几年？", "ask_policy").kind
'question'
>>> take(catalogue, item, {}, "随便", "inform").kind
'invalid'
>>> take(catalogue, item, {"application_type": "首次申请"}, "上一步", "change_answer").answers
{}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from knowledge.services.catalogue import Catalogue, Question, ServiceItem
from knowledge.services.eligibility import Answers, InvalidAnswer, next_question, parse_answer, without_last
from knowledge.texts import text

TurnKind = Literal["answered", "back", "question", "switch", "invalid", "done"]
QUESTION_INTENT = "ask_policy"
UNSURE_INTENT = "nlu_fallback"  # the NLU could not decide; a question only if it reads like one
QUESTION_INTENTS = frozenset({QUESTION_INTENT, UNSURE_INTENT})
BACK_INTENT = "change_answer"
QUESTION_RE = re.compile(r"[?？]$|吗|怎么|如何|什么|多少|哪|能不能|可不可以|是不是|有没有")


@dataclass(frozen=True)
class Turn:
    kind: TurnKind
    answers: Answers = field(default_factory=dict)
    item: ServiceItem | None = None


def looks_like_question(message: str) -> bool:
    """A question in passing rather than an answer: ends in ？ or asks 吗/怎么/多少 ….

    >>> looks_like_question("延续要提前多久申请？"), looks_like_question("浦东新区")
    (True, False)
    """
    return bool(QUESTION_RE.search(message.strip()))


def take(
    catalogue: Catalogue,
    item: ServiceItem,
    answers: Answers,
    message: str,
    intent: str,
    *,
    today: date | None = None,
) -> Turn:
    """Interpret one message in the walk-through of ``item``."""
    if intent == BACK_INTENT or message.strip() == text("button_back"):
        return Turn("back", without_last(answers), item)
    question = next_question(item, answers, today=today)
    if question is None:
        return Turn("done", answers, item)
    try:
        value = parse_answer(question, message, today=today)
    except InvalidAnswer:
        other = catalogue.resolve(message) if intent == "start_service" else None
        if other is not None and other.id != item.id:
            return Turn("switch", {}, other)
        # 「随便」 (UNSURE_INTENT, no question words) gets the open question again with its hint.
        if intent == QUESTION_INTENT or looks_like_question(message):
            return Turn("question", answers, item)
        return Turn("invalid", answers, item)
    if question.kind == "text" and intent in QUESTION_INTENTS and looks_like_question(message):
        return Turn("question", answers, item)
    return Turn("answered", {**answers, question.id: value}, item)


def buttons(question: Question, *, can_go_back: bool) -> list[dict[str, str]]:
    """Buttons under a question: its options (or 是/否), then 上一步 and 不办了."""
    if question.kind == "choice":
        choices = [{"title": o, "payload": o} for o in question.options]
    elif question.kind == "yes_no":
        choices = [{"title": text(k), "payload": text(k)} for k in ("answer_yes", "answer_no")]
    else:
        choices = []
    controls = [{"title": text("button_back"), "payload": "/change_answer"}] if can_go_back else []
    controls.append({"title": text("button_stop"), "payload": "/stop_service"})
    return choices + controls


def start_button(item: ServiceItem, title: str | None = None) -> dict[str, str]:
    """A button that starts the item's walk-through (the item's name as the entity).

    >>> from knowledge.services.catalogue import load_catalogue
    >>> start_button(load_catalogue().get("credit_repair"))["payload"]
    '/start_service{"service_item": "环保信用修复"}'
    """
    return {"title": title or item.name, "payload": f'/start_service{{"service_item": "{item.name}"}}'}


def offer_button(item: ServiceItem) -> dict[str, str]:
    """The button under an answer (or a "not sure") that starts the walk-through of the item it
    concerns: 预审『…』."""
    return start_button(item, text("button_offer_item").format(item=item.name))


def offer_buttons(item: ServiceItem) -> list[dict[str, str]]:
    """是的 starts the walk-through; 不用了 declines."""
    return [start_button(item, text("button_offer_yes")), {"title": text("button_offer_no"), "payload": "/deny"}]


def display(question: Question, value: Any) -> str:
    """An answer as the user would read it back."""
    if isinstance(value, bool):
        return text("answer_yes" if value else "answer_no")
    return f"{value}{question.unit}" if question.kind == "number" else str(value)

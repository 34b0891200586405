"""Service walk-throughs: one generic Rasa form driven by the catalogue.

``service_form`` requires ``service_item`` (which item) and then ``service_answer`` again
and again: each answer is checked against the open question by
:func:`knowledge.services.walkthrough.take` and moved into ``service_answers``; the form ends when
:func:`knowledge.services.eligibility.next_question` has nothing left to ask. The wording of
questions and re-prompts comes from the item's YAML, everything else from
``bot/domain.yml``. The outcome is reported to the gateway as a
:class:`knowledge.payloads.ServiceRecord`, which the gateway stores and numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.consultation import answer_then_facts, choose, consult, decide_on, related, tell_item_facts
from actions.feedback import feedback
from actions.handoff import handoff
from actions.knowledge_base import get_catalogue, get_recogniser, get_references
from actions.tracker import before_latest, intent_of, text_of
from knowledge.answering.routing import law_first
from knowledge.payloads import BotPayload
from knowledge.services.catalogue import ServiceItem
from knowledge.services.eligibility import Answers, next_question
from knowledge.services.enquiry import aspect_of
from knowledge.services.preapplication import numbered, summarise
from knowledge.services.walkthrough import buttons, start_button, take

logger = logging.getLogger(__name__)
Events = list[dict[str, Any]]
SERVICE_SLOTS = ("service_item", "service_answers", "service_answer", "service_notice")
NOTICE_RESPONSES = {"resume": "utter_service_resume", "back": "utter_service_back"}
# Buttons under an answer given in passing: handled here so the form keeps its place.
DETOURS: dict[str, Callable[[CollectingDispatcher, Tracker], Events]] = {
    "feedback_useful": feedback,
    "feedback_useless": feedback,
    "related_clauses": related,
    "choose_clause": choose,
}


def current(tracker: Tracker) -> tuple[ServiceItem | None, Answers]:
    item = get_catalogue().get(tracker.get_slot("service_item") or "")
    return item, dict(tracker.get_slot("service_answers") or {})


def previous_item(tracker: Tracker) -> str | None:
    """The item in progress before the latest message (whose entities may have replaced the slot)."""
    for event in before_latest(tracker):
        if event.get("event") == "slot" and event.get("name") == "service_item":
            return str(event["value"]) if event.get("value") else None
    return None


def reset() -> Events:
    """The walk-through forgotten, and any offer made before it (a later 好的 must not restart it)."""
    return [SlotSet(slot, None) for slot in (*SERVICE_SLOTS, "pending_offer")]


class ValidateServiceForm(FormValidationAction):
    def name(self) -> str:
        return "validate_service_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        if tracker.get_slot("service_notice") == "answered":
            return []  # a question about the item was answered instead: the form ends at once
        item, answers = current(tracker)
        if item is not None and next_question(item, answers) is None:
            return ["service_item"]  # every question answered or the outcome decided: the form ends
        return domain_slots

    async def extract_service_item(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """「我想给叉车办个手续」 without a recognised entity: the item the text clearly means
        (:mod:`knowledge.services.recognition`); when several are plausible the form asks which."""
        if tracker.get_slot("service_item") or intent_of(tracker) != "start_service":
            return {}
        said = text_of(tracker)
        item = get_catalogue().resolve(said) or self._meant(said)
        return {"service_item": item.name} if item else {}

    @staticmethod
    def _meant(text: str) -> ServiceItem | None:
        """The item a typed text clearly means (「叉车那个」 at 「您想办理哪一项？」); a button's
        payload names its item as an entity instead."""
        return None if not text or text.startswith("/") else get_recogniser().recognise(text).clear

    def validate_service_item(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        catalogue = get_catalogue()
        item = catalogue.resolve(str(value or "")) or self._meant(str(value or ""))
        ongoing = catalogue.get(previous_item(tracker) or "")
        if ongoing is not None and (item is None or item.id == ongoing.id):
            return {"service_item": ongoing.id}  # a mention in passing keeps the walk-through going
        if item is None:
            dispatcher.utter_message(response="utter_service_unknown")
            return {"service_item": None}
        said = text_of(tracker)
        aspect = aspect_of(said) if ongoing is None and not said.startswith("/") else None
        if aspect is not None and aspect.applies_to(item):
            # 「办排污证要交钱吗」 asks about the item: its facts, and the walk-through offered;
            # whether it is needed, or what the catalogue does not state, the clause first when search is sure
            decision = decide_on(said)
            if law_first(decision, aspect, item) and decision.best is not None:
                events = answer_then_facts(dispatcher, decision.best, decision.also, item, aspect, said)
            else:
                events = tell_item_facts(dispatcher, item, aspect, said)
            offered = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
            return {**offered, "service_item": None, "service_notice": "answered"}
        return {"service_item": item.id, "service_answers": {}, "service_notice": "intro", "pending_offer": None}

    def validate_service_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        item, answers = current(tracker)
        if item is None or tracker.get_slot("service_notice") == "intro":
            return {"service_answer": None}  # the item was (re)chosen by this very message
        intent = intent_of(tracker)
        turn = take(get_catalogue(), item, answers, str(value or ""), intent)
        slots: dict[str, Any] = {"service_answer": None, "service_answers": turn.answers}
        if turn.kind == "switch" and turn.item is not None:
            return {**slots, "service_item": turn.item.id, "service_notice": "intro"}
        if turn.kind in ("question", "invalid") and intent in DETOURS and str(value).startswith("/"):
            DETOURS[intent](dispatcher, tracker)
            return {**slots, "service_notice": "resume"}
        if turn.kind == "question":
            events = consult(dispatcher, tracker, offers=False)
            slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
            return {**slots, "pending_offer": None, "service_notice": "resume"}
        if turn.kind in ("invalid", "back"):
            return {**slots, "service_notice": turn.kind}
        return slots


class ActionAskServiceItem(Action):
    """Which item? The two or three the message may mean, else one button per item."""

    def name(self) -> str:
        return "action_ask_service_item"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        said = text_of(tracker)
        close = get_recogniser().recognise(said).closest() if not said.startswith("/") else []
        if close:
            dispatcher.utter_message(response="utter_offer_services", buttons=[start_button(i) for i in close])
            return []
        dispatcher.utter_message(response="utter_service_menu", buttons=[start_button(i) for i in get_catalogue()])
        return []


class ActionAskServiceAnswer(Action):
    """The open question (after the item's introduction, a re-prompt or a passing answer)."""

    def name(self) -> str:
        return "action_ask_service_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        item, answers = current(tracker)
        question = next_question(item, answers) if item else None
        if item is None or question is None:
            return []
        notice = tracker.get_slot("service_notice")
        if notice == "intro":
            dispatcher.utter_message(
                response="utter_service_intro", item=item.name, category=item.category, description=item.description
            )
        elif notice in NOTICE_RESPONSES:
            dispatcher.utter_message(response=NOTICE_RESPONSES[notice], item=item.name)
        prompt = question.reprompt if notice == "invalid" else question.prompt
        dispatcher.utter_message(text=prompt, buttons=buttons(question, can_go_back=bool(answers)))
        return [SlotSet("service_notice", None)]


class ActionServiceOutcome(Action):
    """The summary and the pre-application record; staff review hands the conversation over."""

    def name(self) -> str:
        return "action_service_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        item, answers = current(tracker)
        if item is None:
            return reset()
        summary = summarise(item, answers, get_references())
        outcome = summary.outcome
        logger.info("walk-through of %s ended: %s", item.id, outcome.kind)
        dispatcher.utter_message(
            response=f"utter_service_{outcome.kind}", headline=outcome.headline, reason=outcome.reason or "—"
        )
        if item.caveat:
            dispatcher.utter_message(text=item.caveat)
        if outcome.kind != "not_eligible":
            dispatcher.utter_message(
                response="utter_service_details",
                materials=numbered(summary.materials),
                steps=numbered(summary.steps),
                details=summary.detail_lines(),
            )
        dispatcher.utter_message(
            response="utter_service_basis",
            basis="；".join(summary.basis),
            json_message=BotPayload(citations=summary.citations, service_record=summary.record()).json_message(),
        )
        if outcome.kind == "review":  # the record goes with the conversation to staff
            return reset() + handoff(
                dispatcher, tracker, "review", topic=item.name, response="utter_service_review_handoff"
            )
        return reset()


class ActionStopService(Action):
    """「不办了」: leave the walk-through; nothing is recorded."""

    def name(self) -> str:
        return "action_stop_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        item, _ = current(tracker)
        if item is None:
            dispatcher.utter_message(response="utter_no_service_in_progress")
        else:
            dispatcher.utter_message(response="utter_service_stopped", item=item.name)
        return reset()


class ActionShowApplications(Action):
    """「我的预审单」: the gateway owns the records and lists them after this message."""

    def name(self) -> str:
        return "action_show_applications"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        listing = BotPayload(service_records="list").json_message()
        dispatcher.utter_message(response="utter_show_applications", json_message=listing)
        return []

"""Reporting a violation, the bureau's contact channels, its working hours, what the
assistant can do and what it does not handle: replies from data the bureau maintains
(``knowledge/data/contacts.yml``); the wording is in ``bot/domain.yml``.

A report about pollution is not a complaint about the service: it gets the reporting channels
and the reward item, not an apology and a hand-off. A message the NLU only weakly took for a
report, with no word of reporting in it, is answered as a question instead
(:func:`knowledge.answering.reporting.heard_as_report`), unless the question finds nothing at
all and the message tells of someone else or of pollution seen.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation import consult, decide_on, decline, report_guidance
from actions.knowledge_base import get_catalogue, get_searcher
from actions.tracker import confidence_of, text_of
from knowledge.answering.grievance import out_of_scope_unsure
from knowledge.answering.parties import asks_of_own_plan, names_someone_else, was_reported, witnessed
from knowledge.answering.reporting import heard_as_report
from knowledge.contacts import Contacts, load_contacts
from knowledge.payloads import BotPayload
from knowledge.services.walkthrough import start_button

logger = logging.getLogger(__name__)
Events = list[dict[str, Any]]
# Replies of the consultation route that find nothing to answer with: a weak report that gets
# one of them, and tells of someone else or of pollution seen, is given the reporting channels
# after all (it may be a report in words the NLU did not know); so is "not sure" when the message
# names someone else (「对面那家店门口天天堆着一堆东西」: candidates search doubts answer no nuisance
# of a neighbour's). A decline that names another department or says what the assistant does not
# do (UNSERVED) is passed on: it says more.
UNANSWERED = {"utter_no_answer", "utter_beyond_remit"}


class ActionReportGuidance(Action):
    def name(self) -> str:
        return "action_report_guidance"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        text = text_of(tracker)
        if tracker.active_loop_name is None and not heard_as_report(
            text, confidence_of(tracker), unserved=requested(text), elsewhere=get_searcher().remit.names(text)
        ):
            answered = CollectingDispatcher()
            events = consult(answered, tracker)
            # the one reported, or one asking of a plan of their own, gets the consultation's
            # reply, found or not: never the channels
            replies = [str(m.get("response") or "") for m in answered.messages]
            unanswered = UNANSWERED | ({"utter_not_sure"} if names_someone_else(text) else set())
            if (
                was_reported(text)
                or asks_of_own_plan(text)
                or not witnessed(text)
                or not any(r in unanswered for r in replies)
            ):
                logger.info("a weak report answered as a question in conversation %s", tracker.sender_id)
                dispatcher.messages.extend(answered.messages)
                return events
        return report_guidance(dispatcher)


def requested(text: str) -> str | None:
    """The kind of request no article serves that ``text`` makes (:mod:`knowledge.search.request_kind`;
    not a law or standard the knowledge base lacks, which a report may well cite)."""
    return get_searcher().request_kinds.unserved(text)


class ActionOutOfScope(Action):
    """A message the NLU took for something the bureau does not handle, declined as search
    declines a question: another department's matter names that department
    (「增值税专用发票怎么开」, :meth:`knowledge.search.remit.Remit.elsewhere`), a request no article
    serves says what the assistant cannot do (「帮我写篇演讲稿」,
    :mod:`knowledge.search.request_kind`); anything else gets the polite refusal, unless the NLU
    was unsure and search answers it with confidence
    (:func:`knowledge.answering.grievance.out_of_scope_unsure`)."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        text = text_of(tracker)
        department, kind = get_searcher().declined(text)
        unsure = out_of_scope_unsure(confidence_of(tracker), elsewhere=department, unserved=kind)
        if unsure and decide_on(text).kind == "answer":  # searched only when the NLU is unsure
            logger.info("a weak out-of-scope guess answered in conversation %s", tracker.sender_id)
            return consult(dispatcher, tracker)
        decline(dispatcher, elsewhere=department, unserved=kind, otherwise="utter_out_of_scope")
        return []


class ActionContact(Action):
    def name(self) -> str:
        return "action_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        dispatcher.utter_message(response="utter_contact", channels=Contacts.lines(load_contacts().consultation))
        return []


class ActionOfficeHours(Action):
    """The gateway owns the working-hours calendar: it adds when staff are next in."""

    def name(self) -> str:
        return "action_office_hours"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        request = BotPayload(office_hours="next_opening").json_message()
        dispatcher.utter_message(response="utter_office_hours", json_message=request)
        return []


class ActionCapabilities(Action):
    def name(self) -> str:
        return "action_capabilities"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        dispatcher.utter_message(response="utter_capabilities", buttons=[start_button(i) for i in get_catalogue()])
        return []

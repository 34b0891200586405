"""Consultation actions: answer a question, show a chosen clause, list related clauses.

Thin by design: read the tracker, call :mod:`knowledge.answering.consultation` and
:mod:`knowledge.answering.answer`, return events. Every user-facing sentence is a response in
``bot/domain.yml``; only citation data (titles, labels) is composed here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_base import get_catalogue, get_links, get_recogniser, get_references, get_searcher
from actions.tracker import text_of
from knowledge.answering.answer import compose_answer_for
from knowledge.answering.consultation import Decision, candidate_title, contextualise, decide, related_hits
from knowledge.answering.reporting import REWARD_ITEM, reports
from knowledge.answering.routing import route
from knowledge.contacts import Contacts, load_contacts
from knowledge.documents.records import Hit
from knowledge.payloads import BotPayload
from knowledge.search.focus import asks_something
from knowledge.services.catalogue import ServiceItem
from knowledge.services.enquiry import Aspect, aspect_of, item_facts
from knowledge.services.preapplication import cite, label
from knowledge.services.recognition import Recognition
from knowledge.services.references import ItemLinks
from knowledge.services.walkthrough import offer_button, offer_buttons, start_button

logger = logging.getLogger(__name__)
Events = list[dict[str, Any]]
SERVICE_OFFER = "service:"  # pending_offer of a walk-through: service:<item id>
UNSERVED = "utter_unserved_"  # + the kind of a request no article serves (knowledge/data/request_kinds.yml)
CONTACT = "contact"  # the kind asking for the bureau's own channels: its reply lists them


def choose_buttons(hits: tuple[Hit, ...] | list[Hit]) -> list[dict[str, str]]:
    """One button per candidate clause; its payload asks for exactly that clause."""
    return [
        {
            "title": candidate_title(h),
            "payload": "/choose_clause" + json.dumps({"clause_id": h.clause.clause_id}, ensure_ascii=False),
        }
        for h in hits
    ]


def utter_answer(
    dispatcher: CollectingDispatcher,
    hit: Hit,
    query: str,
    tokens: list[str],
    *,
    offers: Sequence[ServiceItem] = (),
    also: Hit | None = None,
) -> Events:
    """The answer, quoting after it the clause of another document that is nearly as relevant
    (``also``), if any, in the same message: feedback and 「条款」 belong to the answer as a whole.
    Each item the answer concerns (``offers``) gets one more button under it, which starts its
    walk-through."""
    answer = compose_answer_for(hit, tokens)
    slots, citations, response = answer.slots(), answer.citations, "utter_policy_answer"
    if also is not None:
        second = compose_answer_for(also, tokens)
        slots |= {"also_excerpt": second.excerpt, "also_citation": second.citation}
        citations, response = [*citations, *second.citations], "utter_policy_answer_also"
    if not answer.departments:
        response += "_no_department"
    cited = BotPayload(citations=citations).json_message()
    extra = [offer_button(item) for item in offers]
    dispatcher.utter_message(response=response, json_message=cited, buttons=extra, **slots)
    return [
        SlotSet("last_query", query),
        SlotSet("last_clause_id", hit.clause.clause_id),
        SlotSet("misses", 0.0),
        SlotSet("pending_offer", None),
    ]


def offer_item(dispatcher: CollectingDispatcher, item: ServiceItem) -> Events:
    """「您是想办理『…』吗？」 with yes/no; a typed 是的 is taken by ``action_confirm``. No clause was
    shown, so a later 没用 judges nothing."""
    dispatcher.utter_message(response="utter_offer_service", item=item.name, buttons=offer_buttons(item))
    return [SlotSet("pending_offer", f"{SERVICE_OFFER}{item.id}"), SlotSet("last_clause_id", None)]


def utter_facts(dispatcher: CollectingDispatcher, item: ServiceItem, aspect: Aspect | None, *, cited: bool) -> None:
    """The item's facts for ``aspect``; ``cited``: with the facts' bases as citations (a reply
    after a clause's answer carries none, so 有用/没用 and 「条款」 keep referring to the clause)."""
    facts = item_facts(item, aspect, get_references())
    dispatcher.utter_message(
        response="utter_service_facts",
        item=facts.item.name,
        title=facts.title,
        facts="\n".join(facts.lines),
        basis="；".join(facts.basis),
        json_message=BotPayload(citations=facts.citations if cited else []).json_message(),
    )


def tell_item_facts(dispatcher: CollectingDispatcher, item: ServiceItem, aspect: Aspect | None, query: str) -> Events:
    """A question about an item answered from the item's own facts, then its walk-through offered."""
    utter_facts(dispatcher, item, aspect, cited=True)
    return [SlotSet("last_query", query), SlotSet("misses", 0.0), *offer_item(dispatcher, item)]


def answer_then_facts(
    dispatcher: CollectingDispatcher, best: Hit, also: Hit | None, item: ServiceItem, aspect: Aspect, query: str
) -> Events:
    """Whether an item is needed (:func:`knowledge.answering.routing.law_first`), or a question
    about an item only the clause tells apart from another (:func:`knowledge.answering.routing.settled_by`):
    the clause answers, with the item's 预审 button under it, then the item's facts follow as text. The
    answer is the turn's one cited message and its one set of buttons, so feedback, 「条款」
    and WeChat's numbered options all refer to it."""
    tokens = get_searcher().tokenizer.tokens(query)
    events = utter_answer(dispatcher, best, query, tokens, offers=(item,), also=also)
    utter_facts(dispatcher, item, aspect, cited=False)
    return events


def report_guidance(dispatcher: CollectingDispatcher) -> Events:
    """Where to report a violation (channels the bureau maintains, with their legal basis), then
    the reward item's button."""
    contacts = load_contacts()
    basis = contacts.reporting_basis
    references = get_references()
    dispatcher.utter_message(
        response="utter_report_guidance",
        channels=Contacts.lines(contacts.reporting),
        basis=label(basis, references),
        json_message=BotPayload(citations=[cite(basis, references)]).json_message(),
    )
    reward = get_catalogue().get(REWARD_ITEM)
    if reward is not None:
        dispatcher.utter_message(response="utter_report_reward", item=reward.name, buttons=[start_button(reward)])
    return []


def decide_on(query: str) -> Decision:
    """What search makes of ``query`` (:func:`knowledge.answering.consultation.decide`)."""
    return decide(get_searcher().search(query, k=5))


def consult(dispatcher: CollectingDispatcher, tracker: Tracker, *, offers: bool = True) -> Events:
    """Answer the latest message: an item's facts (after the clause that says whether the item
    is needed), a clause (offering the item it concerns), an offer of the item meant, or down
    the fallback ladder (:func:`knowledge.answering.routing.route`).
    During a walk-through (``offers=False``) a question in passing gets its answer, no offers."""
    written = text_of(tracker)
    query = contextualise(written, tracker.get_slot("last_query"))
    searcher = get_searcher()
    decision = decide(searcher.search(query, k=5))
    tokens = searcher.tokenizer.tokens(query)
    if offers:
        recognition, aspect, links = get_recogniser().recognise(written), aspect_of(written), get_links()
    else:
        recognition, aspect, links = Recognition("none"), None, ItemLinks()
    asks = asks_something(written)
    if offers and reports(written, recognition, decision, asks=asks):
        logger.info("a question heard as a report in conversation %s", tracker.sender_id)
        return [*report_guidance(dispatcher), SlotSet("last_clause_id", None), SlotSet("pending_offer", None)]
    chosen = route(decision, recognition, aspect=aspect, asks=asks, links=links)
    if chosen.kind == "answer_and_facts" and decision.best is not None and chosen.aspect is not None:
        return answer_then_facts(dispatcher, decision.best, decision.also, chosen.items[0], chosen.aspect, query)
    if chosen.kind == "item_facts":
        return tell_item_facts(dispatcher, chosen.items[0], chosen.aspect, query)
    if chosen.kind in ("offer_item", "offer_items"):
        logger.info("service item offered in conversation %s", tracker.sender_id)
        if chosen.offer is not None:
            return [SlotSet("last_query", query), *offer_item(dispatcher, chosen.offer)]
        dispatcher.utter_message(response="utter_offer_services", buttons=[start_button(i) for i in chosen.items])
        return [SlotSet("last_query", query), SlotSet("last_clause_id", None), SlotSet("pending_offer", None)]
    if decision.kind == "answer" and decision.best is not None:
        return utter_answer(dispatcher, decision.best, query, tokens, offers=chosen.items, also=decision.also)
    misses = float(tracker.get_slot("misses") or 0) + 1
    logger.info("no confident answer in conversation %s (miss %d)", tracker.sender_id, misses)
    if misses >= 2:
        dispatcher.utter_message(response="utter_offer_human")
        return [SlotSet("misses", 0.0), SlotSet("pending_offer", "human"), SlotSet("last_query", None)]
    if decision.kind == "not_sure":
        buttons = choose_buttons(decision.hits) + [offer_button(item) for item in chosen.items]
        dispatcher.utter_message(response="utter_not_sure", buttons=buttons)
        return [SlotSet("misses", misses), SlotSet("last_query", query), SlotSet("pending_offer", None)]
    otherwise = "utter_beyond_remit" if decision.beyond_remit else "utter_no_answer"
    decline(dispatcher, elsewhere=decision.elsewhere, unserved=decision.unserved, otherwise=otherwise)
    return [SlotSet("misses", misses), SlotSet("last_query", None), SlotSet("pending_offer", None)]


def decline(dispatcher: CollectingDispatcher, *, elsewhere: str | None, unserved: str | None, otherwise: str) -> None:
    """Say why there is no answer: the department to ask instead, what the assistant cannot do
    for a request of this kind (``utter_unserved_<kind>``; the bureau's channels with the kind
    asking for them), else the ``otherwise`` response."""
    if elsewhere:
        dispatcher.utter_message(response="utter_elsewhere", department=elsewhere)
    elif unserved == CONTACT:
        dispatcher.utter_message(response=f"{UNSERVED}{CONTACT}", channels=Contacts.lines(load_contacts().consultation))
    else:
        dispatcher.utter_message(response=f"{UNSERVED}{unserved}" if unserved else otherwise)


def choose(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """Show the clause whose button was tapped (a typed "choice" is read as a question)."""
    searcher = get_searcher()
    clause_id = tracker.get_slot("clause_id") or ""
    if not clause_id:
        return consult(dispatcher, tracker)
    hit = searcher.hit_for(clause_id)
    if hit is None:
        dispatcher.utter_message(response="utter_clause_unknown")
        return []
    query = tracker.get_slot("last_query") or ""
    return utter_answer(dispatcher, hit, query, searcher.tokenizer.tokens(query))


def related(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """Up to three more clauses for the last question, other than those its answer showed."""
    query = tracker.get_slot("last_query") or ""
    hits = related_hits(get_searcher().search(query, k=6), tracker.get_slot("last_clause_id")) if query else []
    if not hits:
        dispatcher.utter_message(response="utter_no_related")
        return []
    dispatcher.utter_message(response="utter_related_intro", buttons=choose_buttons(hits))
    return []


class ActionSearchPolicy(Action):
    def name(self) -> str:
        return "action_search_policy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        return consult(dispatcher, tracker)


class ActionChooseClause(Action):
    def name(self) -> str:
        return "action_choose_clause"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        return choose(dispatcher, tracker)


class ActionRelatedClauses(Action):
    def name(self) -> str:
        return "action_related_clauses"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        return related(dispatcher, tracker)

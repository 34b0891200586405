"""Hand-off to bureau staff, and the yes/no answer to an offer of a person.

A 「不是」/「不对」 right after an answer, with no offer pending, judges that answer: it is
recorded as 没用 feedback, exactly as if the user had tapped 没用. Out of context the NLU
cannot always tell a correction from a plain no; in context the dialogue can.

``action_handoff`` reports a :class:`knowledge.payloads.Handoff` (reason, topic, departments)
for the gateway, which owns escalations, and pauses the conversation: while staff serve it
the gateway sends nothing to Rasa, and it appends ``resume`` before the first message after
the escalation ends. The topic is never empty when the user wrote something: the service item
in progress, else the last question, else what the user last wrote (the complaint itself).

A complaint or a request for a person that asks about an item it clearly names (「有奖举报的奖金
多久能发下来？等了一个多月了」) gets that item's facts first
(:func:`knowledge.answering.grievance.asked_before_handoff`): staff follow up, but what the
catalogue states need not wait for them. A complaint or a request for a person the NLU is unsure
of that is another department's matter or a request no article serves is declined as such, with
no hand-off (「外籍工程师的工作签证怎么办」: staff cannot serve it either), and so is a complaint the
NLU is sure of that is another department's matter and voices no grievance
(:func:`knowledge.answering.grievance.complaint_declined`; 「商标被人抢注了怎么办」); a complaint
that clearly names an item and
voices no grievance asks for the item and is served as a consultation
(:func:`knowledge.answering.grievance.item_not_complaint`); one the NLU is unsure of that speaks
neither to the service nor of its people, and that search answers with confidence, is a question
(:func:`knowledge.answering.grievance.complaint_unsure`). A complaint whose question asks whether
something is allowed (「窗口说不归她们管，材料都不收，可以这样吗」), or what something in the law is
without asking why or telling of staff's conduct or a wait (「到底是哪三个同时」), gets search's
confident answer before its apology and person
(:func:`knowledge.answering.grievance.law_before_handoff`).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation import (
    SERVICE_OFFER,
    ActionChooseClause,
    ActionRelatedClauses,
    ActionSearchPolicy,
    consult,
    decide_on,
    utter_answer,
    utter_facts,
)
from actions.consultation import decline as decline_request
from actions.feedback import feedback
from actions.knowledge_base import get_catalogue, get_recogniser, get_searcher
from actions.tracker import before_latest, confidence_of, intent_of, text_of, user_messages
from knowledge.answering.consultation import contextualise
from knowledge.answering.grievance import (
    COMPLAINT_CONFIDENCE,
    asked_before_handoff,
    complaint_declined,
    complaint_unsure,
    item_not_complaint,
    law_before_handoff,
    voices_grievance,
)
from knowledge.payloads import BotPayload, Handoff, HandoffReason
from knowledge.services.enquiry import aspect_of

logger = logging.getLogger(__name__)

# 没用 with nothing to judge comes here as a complaint about the service (actions.feedback)
REASONS: dict[str, HandoffReason] = {
    "complain": "complaint",
    "feedback_useless": "complaint",
    "request_human": "request",
    "affirm": "offer_accepted",
}
# The actions that may reply with a clause; a plain no right after one of them judges that reply
# when a clause was shown (``last_clause_id``: an item's facts or an offer clear it).
ANSWERING_ACTIONS = frozenset(a().name() for a in (ActionSearchPolicy, ActionChooseClause, ActionRelatedClauses))
# The intents whose message is the user's own words about what they want (not a yes or a 没用).
WRITTEN = frozenset({"complain", "request_human"})
# The intents that come here as dissatisfaction with the service (没用 with no answer to judge).
GRIEVANCES = frozenset({"complain", "feedback_useless"})
# A yes, a no or a bare 转人工 names no topic: the question the user wrote before it does.
NOT_A_TOPIC = frozenset({"affirm", "deny", "request_human"})
TOPIC_CHARS = 80


def follows_answer(tracker: Tracker) -> bool:
    """Whether the bot's last action before the latest user message answered with a clause."""
    for event in before_latest(tracker):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") in ANSWERING_ACTIONS
    return False


def written_topic(tracker: Tracker) -> str:
    """What the user last wrote about: the complaint or the 转人工 itself or, after a yes to an
    offered person, the question that went unanswered. A button tap (``/intent``) is not writing."""
    fallback = ""
    for intent, said in user_messages(tracker):
        said = said.strip()
        if not said or said.startswith("/"):
            continue
        if intent not in NOT_A_TOPIC:
            return said[:TOPIC_CHARS]
        fallback = fallback or said
    return fallback[:TOPIC_CHARS]


def handoff(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reason: HandoffReason,
    *,
    topic: str | None = None,
    response: str = "utter_handoff",
) -> list[dict[str, Any]]:
    """Report the hand-off (topic: the service item in progress, else the last question, else
    what the user wrote) and pause."""
    clause_id = tracker.get_slot("last_clause_id")
    hit = get_searcher().hit_for(clause_id) if clause_id else None
    item = get_catalogue().get(tracker.get_slot("service_item") or "")
    report = Handoff(
        reason=reason,
        topic=topic or (item.name if item else tracker.get_slot("last_query") or written_topic(tracker)),
        departments=list(hit.clause.departments) if hit and not item else [],
    )
    if reason == "complaint":
        dispatcher.utter_message(response="utter_complaint")
    dispatcher.utter_message(response=response, json_message=BotPayload(handoff=report).json_message())
    return [SlotSet("pending_offer", None), SlotSet("misses", 0.0), ConversationPaused()]


def answer_the_law(dispatcher: CollectingDispatcher, tracker: Tracker, said: str) -> list[dict[str, Any]]:
    """A confident answer to the legal question a complaint asks (grievance.law_before_handoff),
    before its apology and person; nothing when search is not sure."""
    query = contextualise(said, tracker.get_slot("last_query"))
    decision = decide_on(query)
    if decision.kind != "answer" or decision.best is None:
        return []
    logger.info("a complaint's legal question answered before the hand-off in conversation %s", tracker.sender_id)
    tokens = get_searcher().tokenizer.tokens(query)
    return utter_answer(dispatcher, decision.best, query, tokens, also=decision.also)


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent, said = intent_of(tracker), text_of(tracker)
        unsure = intent in GRIEVANCES and tracker.active_loop_name is None
        unsure = unsure and complaint_unsure(said, confidence_of(tracker))
        # searched only when the NLU is unsure of the grievance, read as consult will search it
        if unsure and decide_on(contextualise(said, tracker.get_slot("last_query"))).kind == "answer":
            logger.info("a weak complaint answered as a question in conversation %s", tracker.sender_id)
            return consult(dispatcher, tracker)
        if intent in WRITTEN and tracker.active_loop_name is None:
            confidence = confidence_of(tracker)
            # a sure request for a person is not second-guessed, and needs no index; nor is a
            # sure complaint that voices a grievance (grievance.complaint_declined)
            weak = confidence < COMPLAINT_CONFIDENCE
            checked = weak or (intent == "complain" and not voices_grievance(said))
            elsewhere, unserved = get_searcher().declined(said) if checked else (None, None)
            if intent == "request_human":
                unserved = None  # staff can look into one's own case, which no article serves
            if complaint_declined(said, confidence, elsewhere=elsewhere, unserved=unserved):
                decline_request(dispatcher, elsewhere=elsewhere, unserved=unserved, otherwise="utter_out_of_scope")
                return [SlotSet("pending_offer", None)]
            if intent == "complain" and item_not_complaint(said, get_recogniser().recognise(said)):
                logger.info("a complaint that asks for an item served in conversation %s", tracker.sender_id)
                return consult(dispatcher, tracker)
            aspect = aspect_of(said)  # no aspect asked, no item to recognise (and no encoding)
            item = asked_before_handoff(get_recogniser().recognise(said), aspect) if aspect else None
            if item is not None:  # what the catalogue states first (grievance.asked_before_handoff)
                utter_facts(dispatcher, item, aspect, cited=True)
            elif intent == "complain" and law_before_handoff(said):
                answered = answer_the_law(dispatcher, tracker, said)
                return [*answered, *handoff(dispatcher, tracker, "complaint")]
        return handoff(dispatcher, tracker, REASONS.get(intent, "request"))


def accept_service(dispatcher: CollectingDispatcher, item_id: str) -> list[dict[str, Any]]:
    """是的 to an offered walk-through: start it as if the item's button had been tapped."""
    item = get_catalogue().get(item_id)
    if item is None:
        dispatcher.utter_message(response="utter_service_unknown")
        return [SlotSet("pending_offer", None)]
    return [
        SlotSet("pending_offer", None),
        SlotSet("service_item", item.id),
        SlotSet("service_answers", {}),
        SlotSet("service_notice", "intro"),
        FollowupAction("service_form"),
    ]


def decline(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """不用了 to an offer: nothing more, the conversation goes on."""
    dispatcher.utter_message(response="utter_continue")
    return [SlotSet("pending_offer", None)]


class ActionConfirm(Action):
    """是的/不用: accepts or declines a pending offer (a person, or a walk-through); otherwise a
    polite acknowledgement, or 没用 feedback when a plain no follows an answer."""

    def name(self) -> str:
        return "action_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = intent_of(tracker)
        offer = str(tracker.get_slot("pending_offer") or "")
        if offer.startswith(SERVICE_OFFER):
            return (
                accept_service(dispatcher, offer.removeprefix(SERVICE_OFFER))
                if intent == "affirm"
                else decline(dispatcher)
            )
        if offer == "human":
            if intent == "affirm":
                return handoff(dispatcher, tracker, "offer_accepted")
            return decline(dispatcher)
        if intent == "deny" and tracker.get_slot("last_clause_id") and follows_answer(tracker):
            return feedback(dispatcher, tracker)
        dispatcher.utter_message(response="utter_anything_else" if intent == "affirm" else "utter_continue")
        return []

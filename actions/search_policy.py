"""``action_search_policy``: answer a policy question with the best clause and its citation."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_base import get_searcher
from knowledge.answer import compose_answer

logger = logging.getLogger(__name__)


class ActionSearchPolicy(Action):
    def name(self) -> str:
        return "action_search_policy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        query = tracker.latest_message.get("text") or ""
        searcher = get_searcher()
        result = searcher.search(query)
        answer = compose_answer(result, searcher.tokenizer.tokens(query))
        if answer is None:
            logger.info("no answer for conversation %s (%d candidates)", tracker.sender_id, len(result.hits))
            dispatcher.utter_message(response="utter_no_answer")
            return []
        response = "utter_policy_answer" if answer.departments else "utter_policy_answer_no_department"
        dispatcher.utter_message(response=response, json_message={"citations": answer.citations}, **answer.slots())
        return []

"""The action with a built tracker, as in RasaHQ/rasa-demo: no Rasa server needed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base
from actions.search_policy import ActionSearchPolicy
from knowledge.settings import Settings


@pytest.fixture(autouse=True)
def fresh_searcher(settings_env: Settings) -> Iterator[None]:
    knowledge_base._searcher.cache_clear()
    yield
    knowledge_base._searcher.cache_clear()


def tracker_for(text: str, intent: str = "ask_policy") -> Tracker:
    return Tracker(
        sender_id="test-conversation",
        slots={},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(text: str) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSearchPolicy().run(dispatcher, tracker_for(text), domain={}))
    assert events == []
    return dispatcher.messages


def test_answers_with_excerpt_citation_and_departments() -> None:
    [message] = run("临港的两证合一试点是什么意思？")
    assert message["response"] == "utter_policy_answer"
    assert "两证合一" in message["excerpt"]
    assert message["citation"].endswith("（沪环综〔2021〕224号）（二）")
    assert message["departments"] == "环评处、各区生态环境局"
    [citation] = message["custom"]["citations"]
    assert (citation["article"], citation["doc_no"]) == ("（二）", "沪环综〔2021〕224号")


@pytest.mark.parametrize("text", ["怎么办理护照", "", "帮我写一首关于春天的诗"])
def test_says_honestly_when_it_does_not_know(text: str) -> None:
    [message] = run(text)
    assert message["response"] == "utter_no_answer"
    assert "custom" not in message or not message["custom"]

"""Reading the tracker: the latest intent and text, and the messages and events before them."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.tracker import before_latest, intent_of, text_of, user_messages
from tests.actions.trackers import tracker_for

EARLIER = [
    {"event": "user", "text": "两证合一是什么", "parse_data": {"intent": {"name": "ask_policy"}}},
    {"event": "action", "name": "action_search_policy"},
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "/feedback_useless"},  # no parse data: an intent-less message
    {"event": "action", "name": "action_feedback"},
]


def test_intent_and_text_of_the_latest_message() -> None:
    tracker = tracker_for("我要投诉", "complain")
    assert (intent_of(tracker), text_of(tracker)) == ("complain", "我要投诉")


def test_a_message_without_intent_or_text_reads_as_empty() -> None:
    for latest in ({}, {"text": None, "intent": None}, {"intent": {"name": None}}):
        tracker = Tracker("c", {}, latest, [], False, None, {}, "action_listen")
        assert (intent_of(tracker), text_of(tracker)) == ("", "")


def test_events_before_the_latest_message_newest_first() -> None:
    latest = {"event": "user", "text": "转人工", "parse_data": {"intent": {"name": "request_human"}}}
    tracker = tracker_for("转人工", "request_human", events=[*EARLIER, latest])
    assert [e.get("name") or e.get("text") for e in before_latest(tracker)] == [
        "action_feedback",
        "/feedback_useless",
        "action_listen",
        "action_search_policy",
        "两证合一是什么",
    ]
    assert list(user_messages(tracker)) == [
        ("request_human", "转人工"),
        ("", "/feedback_useless"),
        ("ask_policy", "两证合一是什么"),
    ]


def test_a_tracker_without_events_has_only_its_latest_message() -> None:
    tracker = tracker_for("你好", "greet")
    assert list(before_latest(tracker)) == []
    assert list(user_messages(tracker)) == [("greet", "你好")]

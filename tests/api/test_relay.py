"""Who answers a user's message: the bot, or (after a hand-off) nobody but staff.

The bot here is a scripted stand-in for Rasa, so each rule of the relay is checked on
its own; the integration and browser tests run the same path against the real Rasa.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

import pytest
import sqlite_utils

from api import payload_handlers
from api.delivery import LEAVE_MESSAGE, Delivery
from api.office_hours import SHANGHAI, OfficeHours
from api.payload_handlers import HANDLERS
from api.rasa_client import RasaUnavailable, messages_from_rasa
from api.relay import Assistant, Relay
from api.store.conversations import (
    OutgoingMessage,
    add_message,
    get_conversation,
    get_or_create_conversation,
    list_messages,
)
from api.store.database import open_database
from api.store.escalations import claim_escalation, latest_escalation, resolve_escalation
from api.store.feedback import list_feedback
from api.store.worker import DatabaseWorker, StorageUnavailable
from knowledge.payloads import AnsweredQuestion, BotPayload, Citation, Feedback, Handoff, ServiceRecord
from knowledge.texts import text

CITATION = Citation(
    document="若干措施", doc_no="沪环综〔2021〕224号", article="（二）", departments=["环评处"], score=1.0
)
ANSWER = OutgoingMessage(text="两证合一是指……", payload=BotPayload(citations=[CITATION]))
HANDOFF = OutgoingMessage(
    text="正在为您转接人工服务。",
    payload=BotPayload(handoff=Handoff(reason="request", topic="两证合一", departments=["环评处"])),
)


@dataclass
class ScriptedBot:
    """Answers each message with the next scripted reply and records what it was asked."""

    replies: list[list[OutgoingMessage]]
    received: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    down: bool = False

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        if self.down:
            raise RasaUnavailable("down")
        self.received.append(text)
        return self.replies.pop(0) if self.replies else []

    async def resume(self, *, sender_id: str) -> None:
        self.events.append(f"resume:{len(self.received)}")
        self.paused = False

    paused: bool = False

    async def is_paused(self, *, sender_id: str) -> bool:
        return self.paused


@pytest.fixture
def db() -> sqlite_utils.Database:
    return open_database(":memory:")


async def deliver(
    db: sqlite_utils.Database,
    bot: Assistant,
    *,
    channel: str,
    session_id: str,
    message_text: str,
    client_id: str | None = None,
    hours: OfficeHours | None = None,
) -> Delivery:
    """One delivery through a relay of its own over ``db`` (the connection stays open)."""
    relay = Relay(DatabaseWorker(db), bot, hours=hours)
    return await relay.deliver(channel=channel, session_id=session_id, message_text=message_text, client_id=client_id)


def say(db: sqlite_utils.Database, bot: Assistant, text: str, client_id: str | None = None) -> Delivery:
    return asyncio.run(deliver(db, bot, channel="web", session_id="s", message_text=text, client_id=client_id))


def test_the_bot_answers_and_both_sides_are_stored(db: sqlite_utils.Database) -> None:
    delivery = say(db, ScriptedBot([[ANSWER]]), "两证合一是什么")
    assert [m.text for m in delivery.replies] == [ANSWER.text]
    assert [m.sender for m in list_messages(db, conversation_id=delivery.conversation.id)] == ["user", "bot"]


def test_a_retried_message_is_neither_stored_nor_answered_twice(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[ANSWER], [ANSWER]])
    first = say(db, bot, "两证合一是什么", client_id="c1")
    again = say(db, bot, "两证合一是什么", client_id="c1")
    assert again.duplicate and [m.id for m in again.replies] == [m.id for m in first.replies]
    assert bot.received == ["两证合一是什么"]
    assert len(list_messages(db, conversation_id=first.conversation.id)) == 2


def test_feedback_is_recorded_against_the_answer_it_judges(db: sqlite_utils.Database) -> None:
    feedback = OutgoingMessage(
        text="抱歉", payload=BotPayload(feedback=Feedback(value="useless", clause_id="d:（二）", query="q"))
    )
    bot = ScriptedBot([[ANSWER], [feedback]])
    answer = say(db, bot, "两证合一是什么").replies[0]
    reply = say(db, bot, "/feedback_useless").replies[0]
    assert reply.payload.feedback is not None and reply.payload.feedback.answer_id == answer.id
    assert reply.custom == {
        "feedback": {"value": "useless", "clause_id": "d:（二）", "query": "q", "answer_id": answer.id}
    }
    assert [(f["message_id"], f["value"]) for f in list_feedback(db)] == [(answer.id, "useless")]


def test_feedback_before_any_answer_is_stored_without_an_answer_id(db: sqlite_utils.Database) -> None:
    feedback = OutgoingMessage(text="谢谢", payload=BotPayload(feedback=Feedback(value="useful")))
    reply = say(db, ScriptedBot([[feedback]]), "/feedback_useful").replies[0]
    assert reply.custom == {"feedback": {"value": "useful", "clause_id": None, "query": None}}
    assert [(f["message_id"], f["value"]) for f in list_feedback(db)] == [(None, "useful")]


def test_a_handoff_opens_an_escalation_with_a_summary(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[ANSWER], [HANDOFF]])
    say(db, bot, "两证合一是什么")
    delivery = say(db, bot, "转人工")
    assert delivery.conversation.state == "waiting" and delivery.conversation.rasa_paused == 1
    escalation = latest_escalation(db, conversation_id=delivery.conversation.id)
    assert escalation is not None
    assert (escalation.reason, escalation.topic, escalation.departments) == ("request", "两证合一", ["环评处"])
    assert "用户：两证合一是什么" in escalation.summary
    assert "已展示条款：《若干措施》（二）" in escalation.summary


def test_while_waiting_messages_stay_with_staff_and_are_acknowledged_once(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[HANDOFF]])
    say(db, bot, "转人工")
    first = say(db, bot, "我的排污许可证快到期了")
    second = say(db, bot, "联系电话 138…")
    assert bot.received == ["转人工"]
    assert [m.sender for m in first.replies] == ["system"] and second.replies == []
    texts = [m.text for m in list_messages(db, conversation_id=first.conversation.id)]
    assert "我的排污许可证快到期了" in texts and "联系电话 138…" in texts


def test_after_staff_resolve_the_bot_is_resumed_before_it_answers(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[HANDOFF], [ANSWER]])
    conversation = say(db, bot, "转人工").conversation
    escalation = latest_escalation(db, conversation_id=conversation.id)
    assert escalation is not None
    claim_escalation(db, escalation_id=escalation.id, staff_name="王芳")
    assert say(db, bot, "您好").replies == []
    resolve_escalation(db, escalation_id=escalation.id)
    delivery = say(db, bot, "两证合一是什么")
    assert bot.events == ["resume:1"] and bot.received == ["转人工", "两证合一是什么"]
    assert [m.text for m in delivery.replies] == [ANSWER.text]
    assert get_conversation(db, conversation_id=conversation.id).rasa_paused == 0


def test_when_the_bot_is_down_the_user_hears_so_at_once_and_may_leave_the_message(
    db: sqlite_utils.Database,
) -> None:
    delivery = say(db, ScriptedBot([], down=True), "两证合一是什么")
    [busy] = delivery.replies
    assert (busy.sender, busy.text) == ("system", text("assistant_busy"))
    assert busy.buttons == [{"title": text("leave_message_button"), "payload": LEAVE_MESSAGE}]
    assert [m.sender for m in list_messages(db, conversation_id=delivery.conversation.id)] == ["user", "system"]
    assert delivery.conversation.state == "bot"


def test_leaving_the_message_hands_the_conversation_to_staff_without_the_bot(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([], down=True)
    say(db, bot, "两证合一是什么")
    bot.down = False
    delivery = say(db, bot, LEAVE_MESSAGE)
    escalation = latest_escalation(db, conversation_id=delivery.conversation.id)
    assert escalation is not None and (escalation.reason, escalation.topic) == ("unanswered", "两证合一是什么")
    assert "两证合一是什么" in escalation.summary
    assert delivery.conversation.state == "waiting" and delivery.conversation.rasa_paused == 0
    assert bot.received == [] and delivery.replies[0].sender == "system"


def test_an_empty_reply_is_a_failure_asked_again_once(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[], [ANSWER]])
    delivery = say(db, bot, "两证合一是什么")
    assert bot.received == ["两证合一是什么", "两证合一是什么"]
    assert [m.text for m in delivery.replies] == [ANSWER.text]


def test_two_empty_replies_get_the_busy_answer(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[], []])
    delivery = say(db, bot, "两证合一是什么")
    assert len(bot.received) == 2 and [m.text for m in delivery.replies] == [text("assistant_busy")]


def test_a_tracker_paused_behind_the_gateways_back_is_resumed(db: sqlite_utils.Database) -> None:
    """A hand-off whose reply was lost left Rasa paused: without a resume every answer is empty."""
    bot = ScriptedBot([[], [ANSWER]], paused=True)
    delivery = say(db, bot, "两证合一是什么")
    assert bot.events == ["resume:1"] and [m.text for m in delivery.replies] == [ANSWER.text]


def test_a_retry_of_a_message_stored_but_never_answered_is_answered(db: sqlite_utils.Database) -> None:
    """The first try stored the message, then the database refused the replies (a 503)."""
    conversation = get_or_create_conversation(db, channel="web", session_id="s")
    add_message(db, conversation_id=conversation.id, sender="user", text="两证合一是什么", client_id="c1")
    bot = ScriptedBot([[ANSWER]])
    delivery = say(db, bot, "两证合一是什么", client_id="c1")
    assert bot.received == ["两证合一是什么"] and [m.text for m in delivery.replies] == [ANSWER.text]
    assert [m.sender for m in list_messages(db, conversation_id=conversation.id)] == ["user", "bot"]


@dataclass
class SlowBot(ScriptedBot):
    """Answers only once ``go`` is set, so a retry can arrive while the first delivery runs."""

    go: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        self.received.append(text)
        await self.go.wait()
        return [ANSWER]


def test_a_retry_during_the_first_delivery_waits_for_it_and_the_bot_is_asked_once(
    db: sqlite_utils.Database,
) -> None:
    async def both() -> tuple[Delivery, Delivery]:
        bot = SlowBot([])
        relay = Relay(DatabaseWorker(db), bot)
        send = {"channel": "wechat", "session_id": "openid", "message_text": "你好", "client_id": "msg-1"}
        first = asyncio.create_task(relay.deliver(**send))
        while not bot.received:  # the first delivery is with the bot
            await asyncio.sleep(0)
        second = asyncio.create_task(relay.deliver(**send))
        await asyncio.sleep(0)
        bot.go.set()
        return await first, await second

    first, second = asyncio.run(both())
    assert [m.id for m in first.replies] == [m.id for m in second.replies] and len(first.replies) == 1
    assert (first.duplicate, second.duplicate) == (False, True)
    assert [r["sender"] for r in db["messages"].rows] == ["user", "bot"]


TODAY = datetime.now(SHANGHAI).date()
ALWAYS_OPEN = OfficeHours(opens=time(0, 0), closes=time(23, 59, 59), extra_workdays=frozenset({TODAY}))
CLOSED_TODAY = OfficeHours(extra_holidays=frozenset({TODAY}))


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(ALWAYS_OPEN, "现在是工作时间"), (CLOSED_TODAY, "现在是非工作时间（工作时间为工作日 9:00–17:00）")],
)
def test_a_handoff_says_when_staff_will_answer(db: sqlite_utils.Database, hours: OfficeHours, expected: str) -> None:
    delivery = asyncio.run(
        deliver(db, ScriptedBot([[HANDOFF]]), channel="web", session_id="s", message_text="转人工", hours=hours)
    )
    assert [m.sender for m in delivery.replies] == ["bot", "system"]
    assert delivery.replies[1].text.startswith(expected)
    if hours is CLOSED_TODAY:
        assert "请在这里留下您的问题和联系方式" in delivery.replies[1].text


RECORD = ServiceRecord(
    item_id="pollutant_permit",
    item="排污许可证申请与延续",
    category="好办",
    outcome="eligible",
    headline="可以提交申请",
    answers=[AnsweredQuestion(question="您要办理的是哪一种？", answer="首次申请")],
)
OUTCOME = OutgoingMessage(text="法律依据：……", payload=BotPayload(service_record=RECORD))
SHOW = OutgoingMessage(text="好的，为您查询预审单。", payload=BotPayload(service_records="list"))


def test_a_service_record_is_stored_numbered_and_announced(db: sqlite_utils.Database) -> None:
    from api.store.service_records import list_records

    delivery = say(db, ScriptedBot([[OUTCOME]]), "是的")
    [stored] = list_records(db, conversation_id=delivery.conversation.id)
    assert stored.reference.startswith("HB-") and stored.reference.endswith("-0001")
    assert stored.record == RECORD.model_dump(mode="json") and "fee" not in stored.record
    assert stored.outcome == "eligible"
    assert delivery.replies[-1].sender == "system" and stored.reference in delivery.replies[-1].text


def test_my_records_lists_this_conversations_records_only(db: sqlite_utils.Database) -> None:
    bot = ScriptedBot([[OUTCOME], [SHOW]])
    first = say(db, bot, "是的").replies[-1].text
    other = asyncio.run(
        deliver(db, ScriptedBot([[SHOW]]), channel="web", session_id="other", message_text="我的预审单")
    )
    assert "还没有预审单" in other.replies[-1].text
    listing = say(db, bot, "我的预审单").replies[-1].text
    reference = first.split("编号 ")[1].split("。")[0]
    assert reference in listing and "排污许可证申请与延续：可以提交申请" in listing


def test_each_payload_field_but_citations_has_its_handler() -> None:
    assert set(HANDLERS) == set(BotPayload.model_fields) - {"citations"}


@dataclass
class RasaOutput:
    """Answers with raw REST output, parsed as :class:`api.rasa_client.RasaClient` parses it."""

    raw: list[dict[str, Any]]

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        return messages_from_rasa(self.raw, sender_id=sender_id)

    async def resume(self, *, sender_id: str) -> None:
        raise AssertionError("nothing was paused")

    async def is_paused(self, *, sender_id: str) -> bool:
        return False


def test_a_malformed_hand_off_still_opens_an_escalation_and_logs_no_personal_data(
    db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture
) -> None:
    """The action paused Rasa before the gateway saw the payload: the hand-off must still happen."""
    secret = "我的电话是13800138000"
    raw = [
        {"recipient_id": "c", "text": "正在为您转接人工服务。"},
        {"recipient_id": "c", "custom": {"handoff": {"reason": "whim", "topic": secret, "departments": "环评处"}}},
    ]
    with caplog.at_level(logging.WARNING, logger="api.rasa_client"):
        delivery = asyncio.run(deliver(db, RasaOutput(raw), channel="web", session_id="s", message_text=secret))
    assert delivery.replies[0].text == "正在为您转接人工服务。"
    escalation = latest_escalation(db, conversation_id=delivery.conversation.id)
    assert escalation is not None and escalation.reason == "request"
    assert delivery.conversation.state == "waiting"
    [record] = [r for r in caplog.records if r.name == "api.rasa_client"]
    assert "handoff.reason" in record.getMessage() and "handoff.departments" in record.getMessage()
    assert secret not in caplog.text and "whim" not in caplog.text


def test_a_reply_from_rasa_is_stored_with_its_citation_as_sent(db: sqlite_utils.Database) -> None:
    cited = CITATION.model_copy(update={"text": "（二）开展排污许可和环评衔接试点。", "clause_id": "d:（二）"})
    raw = [{"text": "两证合一是指……"}, {"custom": BotPayload(citations=[cited]).json_message()}]
    delivery = asyncio.run(deliver(db, RasaOutput(raw), channel="web", session_id="s", message_text="两证合一"))
    [row] = [r for r in db["messages"].rows if r["sender"] == "bot"]
    assert json.loads(row["citations"]) == [cited.model_dump()] and row["custom"] == "{}"
    assert delivery.replies[0].citations == [cited]


def test_a_hand_off_that_cannot_be_stored_is_redone_whole_on_the_retry(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The replies and the escalation are one transaction: no 「正在转接」 without an escalation."""
    real = payload_handlers.open_escalation
    failures = iter([sqlite3.OperationalError("database is locked")])

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if (failure := next(failures, None)) is not None:
            raise failure
        return real(*args, **kwargs)

    monkeypatch.setattr(payload_handlers, "open_escalation", flaky)
    bot = ScriptedBot([[HANDOFF], [HANDOFF]])
    with pytest.raises(StorageUnavailable):
        say(db, bot, "转人工", client_id="c1")
    assert [r["sender"] for r in db["messages"].rows] == ["user"] and db["escalations"].count == 0
    retried = say(db, bot, "转人工", client_id="c1")
    assert retried.conversation.state == "waiting" and db["escalations"].count == 1
    assert [m.sender for m in retried.replies] == ["bot", "system"]


def test_leave_message_that_cannot_be_stored_leaves_nothing_behind(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        payload_handlers, "open_escalation", lambda *a, **k: (_ for _ in ()).throw(sqlite3.OperationalError("full"))
    )
    with pytest.raises(StorageUnavailable):
        say(db, ScriptedBot([]), LEAVE_MESSAGE, client_id="c2")
    assert db["messages"].count == 0


def test_when_rasa_is_full_a_message_hears_busy_at_once_instead_of_queueing(db: sqlite_utils.Database) -> None:
    async def overload() -> tuple[Delivery, float]:
        bot = SlowBot([])
        relay = Relay(DatabaseWorker(db), bot, concurrency=1, queue_seconds=0.1)
        first = asyncio.create_task(relay.deliver(channel="web", session_id="a", message_text="慢"))
        while not bot.received:  # the first message holds Rasa's only turn
            await asyncio.sleep(0)
        started = asyncio.get_running_loop().time()
        second = await relay.deliver(channel="web", session_id="b", message_text="也慢")
        waited = asyncio.get_running_loop().time() - started
        bot.go.set()
        await first
        return second, waited

    second, waited = asyncio.run(overload())
    assert [m.text for m in second.replies] == [text("assistant_busy")] and waited < 1.0


@dataclass
class SlowEmptyBot(ScriptedBot):
    """Answers nothing, slowly: Rasa with its action server down (each failed action costs time)."""

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        self.received.append(text)
        await asyncio.sleep(0.2)
        return []


def test_a_slow_empty_reply_is_not_asked_again(db: sqlite_utils.Database) -> None:
    """A second turn would double the wait for the busy answer past the 5 s a user is promised."""
    bot = SlowEmptyBot([])
    relay = Relay(DatabaseWorker(db), bot, answer_within=0.3)
    delivery = asyncio.run(relay.deliver(channel="web", session_id="s", message_text="问"))
    assert len(bot.received) == 1 and [m.text for m in delivery.replies] == [text("assistant_busy")]


@dataclass
class HeldBot(ScriptedBot):
    """Holds 「慢」 until ``go`` is set; answers anything else with nothing, at once."""

    go: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        self.received.append(text)
        if text == "慢":
            await self.go.wait()
        return []


def test_the_wait_for_a_turn_counts_against_asking_again(db: sqlite_utils.Database) -> None:
    """An empty reply after a long wait for Rasa's turn is not asked again: the busy answer would be late."""

    bot = HeldBot([])

    async def queued() -> Delivery:
        relay = Relay(DatabaseWorker(db), bot, concurrency=1, queue_seconds=5.0, answer_within=0.2)
        first = asyncio.create_task(relay.deliver(channel="web", session_id="a", message_text="慢"))
        while not bot.received:  # the first message holds Rasa's only turn ...
            await asyncio.sleep(0)
        asyncio.get_running_loop().call_later(0.3, bot.go.set)  # ... for 0.3 s
        second = await relay.deliver(channel="web", session_id="b", message_text="问")
        await first
        return second

    second = asyncio.run(queued())
    assert [m.text for m in second.replies] == [text("assistant_busy")]
    assert bot.received.count("问") == 1

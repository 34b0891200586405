"""A simulated user's conversation on the web channel: questions, a service walk-through, a hand-off.

Each user asks two policy questions, opens the service menu (「我要办事」), presses one of its
``/start_service{…}`` buttons, answers the form by pressing the buttons each question comes
with (never 不办了 or 上一步), then asks for a person (「转人工」) and leaves a note for staff.
Between messages the user pauses as a person does to read and type (``Pauses``); a
saturation run passes no pauses. The choices are seeded per user, so a run can be repeated.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import Any

import httpx

from tests.reliability.exchange import Recorder, Sent, send

logger = logging.getLogger(__name__)

QUESTIONS = (
    "临港的两证合一试点是什么意思？",
    "免罚清单会动态调整吗",
    "排污许可证的有效期是几年？",
    "环评审批要多长时间？",
    "失信信息查询期限是几年？",
    "举报人的信息会保密吗？",
    "非道路移动机械冒黑烟怎么处罚？",
    "你好，想咨询一下环评告知承诺的适用范围",
)
MENU = "我要办事"
HANDOFF = "转人工"
NOTES = ("我的问题是排污许可延续的材料，邮箱 test@example.com", "好的，我等工作人员联系", "谢谢")
OUTCOME_PREFIX = "预审结果："
SKIPPED_PAYLOADS = ("/stop_service", "/change_answer", "/request_human", "/feedback")
MAX_FORM_STEPS = 8


def kind_of(text: str) -> str:
    """Which step of the conversation a message is, for latency by step.

    >>> [kind_of(t) for t in (QUESTIONS[0], MENU, '/start_service{"service_item": "x"}', "是", HANDOFF, NOTES[1])]
    ['question', 'menu', 'item button', 'form answer', 'hand-off', 'note for staff']
    """
    if text in QUESTIONS:
        return "question"
    if text == MENU:
        return "menu"
    if text.startswith("/start_service"):
        return "item button"
    if text == HANDOFF:
        return "hand-off"
    if text in NOTES:
        return "note for staff"
    if text.startswith("/leave_message"):
        return "leave message"
    return "form answer"


@dataclass(frozen=True)
class Pauses:
    """How long a person waits before each message, in seconds (uniform between the two)."""

    low: float = 2.0
    high: float = 6.0

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high) if self.high > 0 else 0.0


NO_PAUSES = Pauses(0.0, 0.0)


def form_buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The buttons of the last reply that answer the form (not stop, back, feedback or a person)."""
    for message in reversed(replies):
        buttons = [b for b in message.get("buttons", []) if not str(b.get("payload", "")).startswith(SKIPPED_PAYLOADS)]
        if message.get("buttons"):
            return buttons
    return []


def menu_buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for m in replies for b in m.get("buttons", []) if str(b.get("payload", "")).startswith("/start_service")]


@dataclass
class SimulatedUser:
    """One user of the web chat, talking through a shared HTTP client."""

    client: httpx.AsyncClient
    recorder: Recorder
    session_id: str
    pauses: Pauses
    seed: int
    give_up_s: float = 60.0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    async def say(self, text: str) -> Sent:
        await asyncio.sleep(self.pauses.draw(self.rng))  # the user reads and types: the workload, not a wait
        return await send(self.client, self.recorder, session_id=self.session_id, text=text, give_up_s=self.give_up_s)

    async def converse(self) -> None:
        """The whole conversation; a message that is never acknowledged ends it early."""
        for question in self.rng.sample(QUESTIONS, 2):
            if not (await self.say(question)).acknowledged:
                return
        if not await self.walk_through():
            return
        if not (await self.say(HANDOFF)).acknowledged:
            return
        await self.say(self.rng.choice(NOTES))

    async def walk_through(self) -> bool:
        """Open the menu, press an item, answer the form by buttons until the outcome."""
        sent = await self.say(MENU)
        items = menu_buttons(sent.replies)
        if items:
            sent = await self.say(self.rng.choice(items)["payload"])
        # no menu: a question had already opened a walk-through, and the menu text answered its form
        for _ in range(MAX_FORM_STEPS):
            if not sent.acknowledged:
                return False
            if any(str(m.get("text", "")).startswith(OUTCOME_PREFIX) for m in sent.replies):
                return True
            buttons = form_buttons(sent.replies)
            if not buttons:
                return True
            sent = await self.say(self.rng.choice(buttons)["payload"])
        return True

"""Simulated users of the Official Account: the web users' conversation, by signed pushes.

Each user is an OpenID talking to ``/wechat/mp`` as WeChat relays it: every text is a push
signed with the account's token (:func:`tests.reliability.wechat.wechat_query`) and, as WeChat
does, pushed again with the same MsgId when no answer came within 5 s, three times at most.
The answer is the callback's passive reply or, when it says ``success``, the texts the gateway
sends through the customer-service API to the fake WeChat API (``tests/api/wechat_server.py``,
a real server on 127.0.0.1), which the user waits for. Options are answered by their digit,
as people do on WeChat.

A message's latency is from the push to the first text of its answer, whichever way it came.
The conversation is the web one (:mod:`tests.reliability.conversation`): two questions, the
menu, an item, its questions answered by digit, 「转人工」 and a note for staff. A user moves
on once every reply the gateway stored for the message has reached them, so no part of one
answer is taken for the next; a message to staff after receipt was already confirmed gets no
reply, by design, which the user reads from the database rather than waiting in vain.

>>> numbered("请选择：\\n回复 1  是\\n回复 2  否\\n回复 3  不办了")
[(1, '是'), (2, '否'), (3, '不办了')]
>>> choices("回复 1  是\\n回复 2  上一步\\n回复 3  不办了")
[1]
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import xmltodict

from tests.api.wechat_server import FakeWeChat
from tests.reliability.conversation import HANDOFF, MENU, NOTES, OUTCOME_PREFIX, QUESTIONS, Pauses
from tests.reliability.exchange import Recorder, Sample, Sent
from tests.reliability.ledger import Answer, answer_of, compact
from tests.reliability.wechat import PATH, WECHAT_TEXT, wechat_query

logger = logging.getLogger(__name__)

PUSH_TIMEOUT_S = 5.0  # WeChat stops listening to a callback after 5 s …
PUSHES = 3  # … and pushes the same MsgId again, three times in all
API_WAIT_S = 60.0  # how long a user waits for an answer the callback promised by "success"
SKIPPED_TITLES = ("上一步", "不办了", "转人工", "有用", "没用", "相关条款", "不用了")
MAX_FORM_STEPS = 8
_OPTION = re.compile(r"^回复 (\d+)  (.+)$", re.MULTILINE)
_msg_ids = itertools.count(int(time.time() * 1000))


def numbered(said: str) -> list[tuple[int, str]]:
    """The numbered options of a WeChat text, as (digit, title)."""
    return [(int(n), title.strip()) for n, title in _OPTION.findall(said)]


def choices(said: str) -> list[int]:
    """The digits a user walking through would press (not back, stop, a person or feedback)."""
    return [n for n, title in numbered(said) if title not in SKIPPED_TITLES]


@dataclass
class WeChatLine:
    """What the Official Account's users need: the callback's token, the fake WeChat API their
    answers reach, and the gateway's database (read-only: what was stored for a message)."""

    token: str
    api: FakeWeChat
    database: Path

    def sent_through_api(self, openid: str) -> list[str]:
        """The texts the gateway sent this user through the customer-service API, in order."""
        with self.api.lock:
            return [s["content"] for s in self.api.sends if s["touser"] == openid]


@dataclass
class WeChatUser:
    """One follower of the Official Account, pushing through a shared HTTP client."""

    client: httpx.AsyncClient
    recorder: Recorder
    line: WeChatLine
    openid: str
    pauses: Pauses
    seed: int

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def _xml(self, text: str, msg_id: int) -> bytes:
        return WECHAT_TEXT.format(openid=self.openid, stamp=int(time.time()), text=text, msg_id=msg_id).encode()

    async def _answer(self, sent: Sent, passive: list[str], seen: int, deadline: float) -> list[str]:
        """The whole answer: the passive reply (if any) and the texts sent through the API since
        the first ``seen``, once there is one and every reply stored for the message is among them
        (parts after a passive reply, or after the first API text, may still be on their way)."""
        stored: list[str] | None = None
        while time.monotonic() < deadline:
            texts = passive + self.line.sent_through_api(self.openid)[seen:]
            if texts and stored is None:  # an answer exists: the gateway stored all of it before sending
                stored = [compact(t) for t in (await self._stored(sent)).replies]
            shown = compact("".join(texts))
            if texts and stored is not None and all(t in shown for t in stored):
                return texts
            await asyncio.sleep(0.05)  # polling the fake API's record of sends: the condition waited on
        return passive + self.line.sent_through_api(self.openid)[seen:]

    async def say(self, text: str) -> Sent:
        """Push ``text`` as WeChat would until it is taken (200), then wait for its whole answer.

        A 200 means WeChat delivered the push and will not push it again, so the message is
        ``acknowledged`` (the ledger requires it stored) whether or not an answer follows; one
        that never comes is a problem of the run, unless it went to staff, who confirm receipt
        once per run of messages. The latency is to the answer's first text (to the 200 when
        no answer is due)."""
        await asyncio.sleep(self.pauses.draw(self.rng))  # the user reads and types: the workload, not a wait
        msg_id = next(_msg_ids)
        sent = Sent(
            session_id=self.openid, client_id=f"msg:{msg_id}", text=text, started=time.monotonic(), channel="wechat"
        )
        self.recorder.sent.append(sent)
        seen = len(self.line.sent_through_api(self.openid))
        body = self._xml(text, msg_id)
        for attempt in range(PUSHES):
            started = time.monotonic()
            try:
                response = await self.client.post(
                    PATH, params=wechat_query(self.line.token), content=body, timeout=PUSH_TIMEOUT_S
                )
                status: int | str = response.status_code
            except httpx.HTTPError as exc:
                response, status = None, type(exc).__name__
            taken = time.monotonic()
            passive: list[str] = []
            if response is not None and status == 200 and response.text not in ("success", ""):
                passive = [str(xmltodict.parse(response.text)["xml"]["Content"])]
            texts, silent = passive, False
            if status == 200 and not passive:
                texts, silent = await self._first_api_text(sent, seen, started + API_WAIT_S)
            latency = (taken if silent else time.monotonic()) - started  # silence is known when the push is taken
            self.recorder.samples.append(Sample(started, latency, status, retry=attempt > 0))
            sent.statuses.append(status)
            if attempt == 0:
                sent.first_latency = latency
            if status == 200:
                sent.acknowledged = True
                if silent:
                    sent.state = "waiting"
                    return sent
                if not texts:
                    self.recorder.problems.append(f"{self.openid}: {text[:20]!r} got no answer within {API_WAIT_S}s")
                    return sent
                whole = await self._answer(sent, passive, seen, started + API_WAIT_S)
                sent.replies = [{"text": t} for t in whole]
                return sent
        self.recorder.problems.append(f"{self.openid}: {text[:20]!r} unanswered after {PUSHES} pushes ({status})")
        return sent

    async def _stored(self, sent: Sent) -> Answer:
        return await asyncio.to_thread(
            answer_of, self.line.database, channel="wechat", session_id=self.openid, client_id=sent.client_id
        )

    async def _first_api_text(self, sent: Sent, seen: int, deadline: float) -> tuple[list[str], bool]:
        """The first text sent to this user through the API after the first ``seen``, or
        ``([], True)`` once the gateway stored the message for staff with no reply (while a
        conversation waits for staff, receipt is confirmed once per run of messages)."""
        for polls in itertools.count(1):
            if time.monotonic() > deadline:
                break
            texts = self.line.sent_through_api(self.openid)[seen:]
            if texts:
                return texts[:1], False
            if polls % 10 == 0:  # the database every half second, the fake API's record every 50 ms
                answer = await self._stored(sent)
                if answer.stored and answer.with_staff and not answer.replies:
                    return [], True
            await asyncio.sleep(0.05)  # polling for the answer: the condition waited on
        return [], False

    def said(self, sent: Sent) -> str:
        """All the user was shown in answer to ``sent``, as one text."""
        return "\n".join(str(r.get("text", "")) for r in sent.replies)

    async def converse(self) -> None:
        """The whole conversation; a message that is never answered ends it early."""
        for question in self.rng.sample(QUESTIONS, 2):
            if not (await self.say(question)).acknowledged:
                return
        sent = await self.say(MENU)
        for _ in range(MAX_FORM_STEPS):
            if not sent.acknowledged:
                return
            digits = choices(self.said(sent))
            if not digits or OUTCOME_PREFIX in self.said(sent):
                break
            sent = await self.say(str(self.rng.choice(digits)))
        if (await self.say(HANDOFF)).acknowledged:
            await self.say(self.rng.choice(NOTES))

"""One push from the Official Account, answered: passively within the 5-second window, else
through the customer-service API.

- A text goes to :class:`api.relay.Relay` as a message of the OpenID's ``wechat``
  conversation with ``client_id`` ``msg:<MsgId>``, so WeChat's retries of a MsgId (up to
  three, also while the first is still being answered) reach Rasa once. A digit answers the
  numbered options of the latest reply (:func:`api.wechat.rendering.choice`); 「条款」 shows
  the cited clauses of the latest answer.
- ``subscribe`` and menu ``CLICK`` say what ``api/data/wechat_menu.yml`` maps them to
  (events are de-duplicated by FromUserName + CreateTime); ``unsubscribe`` is recorded and
  gets nothing; images, voice, video, locations, links and files get 「请用文字描述」.
- When the answer is ready within ``passive_seconds`` it is the passive reply (its first
  2,048-byte part; the rest follows through the API). Otherwise the callback answers
  ``success`` at once and the answer follows through the API when ready. A reply the API
  refuses (45015, 45047, 45002) is kept and sent with the user's next answer, and staff see a
  note in the transcript. Nothing the bot said is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml
from wechatpy.messages import BaseMessage

from api.relay import Delivery, Relay
from api.store.conversations import (
    StoredMessage,
    add_message,
    find_conversation,
    get_conversation,
    latest_answer,
    list_messages,
)
from api.store.escalations import RATINGS, rate_escalation, status_of
from api.store.wechat import keep_pending, take_pending
from api.store.worker import DatabaseWorker
from api.wechat.customer_service import CustomerService, CustomerServiceError, Undeliverable
from api.wechat.rendering import CLAUSE_WORD, QUOTA, choice, clause_texts, render, split
from knowledge.texts import text

logger = logging.getLogger(__name__)

CHANNEL = "wechat"
MENU_FILE = Path(__file__).resolve().parent.parent / "data" / "wechat_menu.yml"
EVENT_QUOTA = 3
"""Customer-service messages allowed within a minute of a subscribe or a menu click."""
NOT_TEXT = {"image", "voice", "video", "shortvideo", "location", "link", "file"}


@dataclass(frozen=True)
class Menu:
    """What the menu's CLICK keys and a new follower say to the assistant (data the bureau keeps)."""

    keys: Mapping[str, str]
    subscribe: str

    @classmethod
    def load(cls, path: Path = MENU_FILE) -> Menu:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        return cls(keys=dict(data.get("keys") or {}), subscribe=str(data.get("subscribe") or "/ask_capabilities"))

    def said_by(self, key: str) -> str:
        return self.keys.get(key, self.subscribe)


def _last_with_buttons(messages: list[StoredMessage]) -> StoredMessage | None:
    return next((m for m in reversed(messages) if m.sender != "user" and m.buttons), None)


def interpret(db: sqlite_utils.Database, *, openid: str, said: str) -> tuple[str | None, str | None]:
    """``(message for the assistant, direct reply)``: a digit becomes its option's payload, or
    the rating of the hand-off that just ended; 「条款」 is answered here with the latest
    answer's clauses."""
    conversation = find_conversation(db, channel=CHANNEL, session_id=openid)
    if conversation is None:
        return said, None
    status = status_of(db, conversation_id=conversation.id)
    rating = choice(said, [{"payload": str(n)} for n in RATINGS])
    if status.awaiting_rating and status.escalation_id is not None and rating is not None:
        rate_escalation(db, escalation_id=status.escalation_id, rating=int(rating))
        return None, text("rating_thanks")
    if said.strip() == CLAUSE_WORD:
        answer = latest_answer(db, conversation_id=conversation.id)
        return None, (clause_texts(answer) if answer else "") or text("wechat_no_clause")
    last = _last_with_buttons(list_messages(db, conversation_id=conversation.id, last=20))
    payload = choice(said, last.buttons) if last is not None else None
    return payload or said, None


def staff_side(db: sqlite_utils.Database, *, conversation_id: str, after_id: int) -> tuple[str, str] | None:
    """``(OpenID, text)`` of what staff (and the hand-off's notices) said after ``after_id`` in a
    WeChat conversation; ``None`` for other channels or when nothing was said."""
    conversation = get_conversation(db, conversation_id=conversation_id)
    if conversation.channel != CHANNEL:
        return None
    said = [m.text for m in list_messages(db, conversation_id=conversation_id, after_id=after_id) if m.sender != "user"]
    if not said:
        return None
    if status_of(db, conversation_id=conversation_id).awaiting_rating:
        said.append(text("wechat_rating_prompt"))
    return conversation.session_id, "\n\n".join(said)


def note_for_staff(db: sqlite_utils.Database, *, openid: str, note: str) -> None:
    conversation = find_conversation(db, channel=CHANNEL, session_id=openid)
    if conversation is not None:
        add_message(db, conversation_id=conversation.id, sender="system", text=note)


class OfficialAccount:
    """The Official Account's conversations (one per gateway process)."""

    def __init__(
        self,
        *,
        relay: Relay,
        store: DatabaseWorker,
        customer_service: CustomerService | None,
        menu: Menu,
        passive_seconds: float = 4.0,
    ) -> None:
        self.relay = relay
        self.store = store
        self.customer_service = customer_service
        self.menu = menu
        self.passive_seconds = passive_seconds
        self._by_api: set[str] = set()  # client ids whose answer goes through the API
        self._tasks: set[asyncio.Task[None]] = set()

    async def answer(self, message: BaseMessage) -> str | None:
        """The passive reply text for one push, or ``None`` to answer ``success``."""
        openid = str(message.source)
        if message.type == "text":
            said, direct = await self.store(interpret, openid=openid, said=str(message.content))
            if direct is not None:
                return direct
            return await self._converse(openid, str(said), f"msg:{message.id}")
        if message.type == "event":
            event = str(getattr(message, "event", "")).lower()
            key = f"event:{openid}:{message.create_time.timestamp():.0f}"
            if event == "subscribe":
                return await self._converse(openid, self.menu.subscribe, key, limit=EVENT_QUOTA)
            if event == "click":
                said = self.menu.said_by(str(getattr(message, "key", "")))
                return await self._converse(openid, said, key, limit=EVENT_QUOTA)
            if event == "unsubscribe":
                await self.store(note_for_staff, openid=openid, note=text("wechat_unsubscribed"))
                logger.info("a WeChat user unsubscribed")
            return None
        if message.type in NOT_TEXT or message.type == "unknown":
            return text("wechat_text_only")
        return None

    async def _converse(self, openid: str, said: str, client_id: str, *, limit: int = QUOTA) -> str | None:
        if client_id in self._by_api:  # a retry of a push already answered "success"
            return None
        pending = await self.store(take_pending, openid=openid)
        task = asyncio.ensure_future(
            self.relay.deliver(channel=CHANNEL, session_id=openid, message_text=said, client_id=client_id)
        )
        try:
            delivery = await asyncio.wait_for(asyncio.shield(task), timeout=self.passive_seconds)
        except TimeoutError:
            self._by_api.add(client_id)
            self._later(self._send_when_ready(openid, task, pending, limit))
            return None
        parts = split("\n\n".join([*pending, render(delivery.replies)]).strip(), limit=limit)
        if len(parts) > 1:
            self._later(self._send(openid, parts[1:], delivery.conversation.id))
        return parts[0] if parts else None

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send_when_ready(
        self, openid: str, task: asyncio.Future[Delivery], pending: list[str], limit: int
    ) -> None:
        try:
            delivery = await task
        except Exception as exc:  # the relay stored the message; the user hears nothing now
            logger.error("WeChat answer failed: %s", type(exc).__name__)
            return
        parts = split("\n\n".join([*pending, render(delivery.replies)]).strip(), limit=limit)
        await self._send(openid, parts, delivery.conversation.id)

    async def _send(self, openid: str, parts: list[str], conversation_id: str) -> None:
        """Send parts through the API in order; what WeChat refuses is kept for the next message."""
        for n, part in enumerate(parts):
            try:
                if self.customer_service is None:
                    raise CustomerServiceError("no AppID/AppSecret configured")
                await self.customer_service.send_text(openid=openid, content=part)
            except (Undeliverable, CustomerServiceError) as exc:
                reason = exc.reason if isinstance(exc, Undeliverable) else str(exc)
                logger.warning("WeChat reply of conversation %s kept: %s", conversation_id, reason)
                rest = "\n".join(parts[n:])
                await self.store(keep_pending, openid=openid, conversation_id=conversation_id, text=rest, reason=reason)
                await self.store(note_for_staff, openid=openid, note=text("wechat_undelivered").format(reason=reason))
                return

    def forward_staff(self, *, conversation_id: str, after_id: int) -> None:
        """Send what staff said (a reply, 已接入, the end and the rating prompt) to a WeChat user,
        in the background; the API is the only way to reach them outside a callback."""

        async def forward() -> None:
            found = await self.store(staff_side, conversation_id=conversation_id, after_id=after_id)
            if found is not None:
                openid, said = found
                await self._send(openid, split(said), conversation_id)

        self._later(forward())

    async def drain(self) -> None:
        """Wait for the answers still being sent (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

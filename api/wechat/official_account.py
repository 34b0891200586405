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
  ``success`` at once and the answer follows through the API when ready. A retry arriving
  while the first callback still waits means WeChat stopped listening to that one: the
  answer then goes through the API, once. A reply the API
  refuses (45015, 45047, 45002) is kept and sent with the user's next answer, and staff see a
  note in the transcript. Nothing the bot said is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from wechatpy.messages import BaseMessage

from api.delivery import Delivery
from api.relay import Relay
from api.store.worker import DatabaseWorker
from api.wechat.conversation import interpret, note_for_staff
from api.wechat.customer_service import CustomerService, CustomerServiceError
from api.wechat.rendering import QUOTA, split
from api.wechat.text_channel import TextChannel
from knowledge.texts import text

logger = logging.getLogger(__name__)

CHANNEL = "wechat"
MENU_FILE = Path(__file__).resolve().parent.parent / "data" / "wechat_menu.yml"
EVENT_QUOTA = 3
"""Customer-service messages allowed within a minute of a subscribe or a menu click."""
SILENT_EVENTS = {"view", "templatesendjobfinish", "masssendjobfinish", "location"}
"""Events that are news for the gateway, not something the user said: no reply."""
RETRY_WINDOW_S = 60.0
"""WeChat retries a push within about 15 s; an API-bound answer is remembered this long."""


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


class OfficialAccount(TextChannel):
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
        super().__init__(relay=relay, store=store)
        self.customer_service = customer_service
        self.menu = menu
        self.passive_seconds = passive_seconds
        self._by_api: dict[str, float] = {}  # client id → when its answer was sent the API's way
        self._waiting: set[str] = set()  # client ids whose first callback waits for the answer

    async def answer(self, message: BaseMessage, *, arrived: float) -> str | None:
        """The passive reply text for one push, or ``None`` to answer ``success``.

        ``arrived`` is when the callback came in (the event loop's clock): WeChat's 5 seconds
        run from there, not from when the answer is asked for.
        """
        openid, deadline = str(message.source), arrived + self.passive_seconds
        if message.type == "text":
            said, direct = await self.store(interpret, channel=CHANNEL, user=openid, said=str(message.content))
            if direct is not None:
                return direct
            return await self._converse(openid, str(said), f"msg:{message.id}", deadline=deadline)
        if message.type == "event":
            event = str(getattr(message, "event", "")).lower()
            key = f"event:{openid}:{message.create_time.timestamp():.0f}"
            if event == "subscribe":
                return await self._converse(openid, self.menu.subscribe, key, deadline=deadline, limit=EVENT_QUOTA)
            if event == "click":
                said = self.menu.said_by(str(getattr(message, "key", "")))
                return await self._converse(openid, said, key, deadline=deadline, limit=EVENT_QUOTA)
            if event == "unsubscribe":
                await self.store(note_for_staff, channel=CHANNEL, user=openid, note=text("wechat_unsubscribed"))
                logger.info("a WeChat user unsubscribed")
                return None
            return None if event in SILENT_EVENTS else text("wechat_text_only")
        return text("wechat_text_only")  # images, voice, video, locations, links, files, anything new

    def _api_bound(self, client_id: str, now: float) -> None:
        self._by_api = {k: t for k, t in self._by_api.items() if now - t < RETRY_WINDOW_S}
        self._by_api[client_id] = now

    async def _converse(
        self, openid: str, said: str, client_id: str, *, deadline: float, limit: int = QUOTA
    ) -> str | None:
        loop = asyncio.get_running_loop()
        if client_id in self._by_api:  # a retry of a push already answered "success"
            return None
        if client_id in self._waiting:  # WeChat retried: it no longer listens to the first callback
            self._api_bound(client_id, loop.time())
            return None
        self._waiting.add(client_id)
        task = asyncio.ensure_future(
            self.relay.deliver(channel=CHANNEL, session_id=openid, message_text=said, client_id=client_id)
        )
        try:
            delivery = await asyncio.wait_for(asyncio.shield(task), timeout=max(0.0, deadline - loop.time()))
        except TimeoutError:
            self._api_bound(client_id, loop.time())
            self._later(self._send_when_ready(openid, task, limit))
            return None
        finally:
            self._waiting.discard(client_id)
        if client_id in self._by_api:  # a retry came meanwhile: the API carries the answer
            self._later(self._send_when_ready(openid, task, limit))
            return None
        parts = split(await self._with_kept(openid, delivery.replies), limit=limit)
        if len(parts) > 1:
            self._later(self._send(openid, parts[1:], delivery.conversation.id))
        return parts[0] if parts else None

    async def _send_when_ready(self, openid: str, task: asyncio.Future[Delivery], limit: int) -> None:
        try:
            delivery = await task
        except Exception as exc:  # the message is stored (or refused whole); staff see it, nothing kept is lost
            logger.error("WeChat answer failed: %s", type(exc).__name__)
            return
        parts = split(await self._with_kept(openid, delivery.replies), limit=limit)
        await self._send(openid, parts, delivery.conversation.id)

    async def send_one(self, user: str, content: str) -> None:
        if self.customer_service is None:
            raise CustomerServiceError("no AppID/AppSecret configured")
        await self.customer_service.send_text(openid=user, content=content)

"""Deliver a user's message: to Rasa while the bot serves the conversation, to staff otherwise.

The user's message is stored before anything else happens, so a failure further on
loses nothing. A message sent again with the same ``client_id`` (a retry after a network
loss, or a channel's own retries) is not stored or answered twice: a retry that arrives
while the first delivery is still running waits for it and gets its replies; a later one
gets the replies stored then; and one whose first delivery stored the message but never
its answer (the database refused the replies) is answered now. While a conversation is
``waiting`` or with ``staff`` the message never reaches Rasa.

When the bot cannot answer (Rasa down or timing out, an empty reply twice: Rasa's REST channel
answers ``[]`` when it fails inside, or Rasa too busy to take the message within a few
seconds), the user is told at once that the assistant is busy and offered to leave the message
for staff (``/leave_message``), which the gateway handles by itself. A tracker left paused
behind the gateway's back (a hand-off whose reply was lost) is resumed, so one lost reply never
silences the bot for good. What the bot's replies carry besides text is acted on by
:mod:`api.payload_handlers`. Every database step is a plain function of the connection, run on
the database thread (:class:`api.store.worker.DatabaseWorker`); only the calls to Rasa are
awaited here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any, Protocol

from api.delivery import Delivery, receive, store_busy, store_replies
from api.office_hours import OfficeHours
from api.rasa_client import RasaUnavailable
from api.store.conversations import Conversation, OutgoingMessage, set_rasa_paused
from api.store.worker import DatabaseWorker

logger = logging.getLogger(__name__)


class Assistant(Protocol):
    """What the relay needs of the bot (:class:`api.rasa_client.RasaClient` in production)."""

    async def send(
        self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[OutgoingMessage]: ...

    async def resume(self, *, sender_id: str) -> None: ...

    async def is_paused(self, *, sender_id: str) -> bool: ...


class Relay:
    """Delivers the messages of every channel; one per gateway process (see the module docstring)."""

    def __init__(
        self,
        store: DatabaseWorker,
        bot: Assistant,
        *,
        hours: OfficeHours | None = None,
        record_prefix: str = "HB",
        concurrency: int = 4,
        queue_seconds: float = 3.0,
        answer_within: float = 4.0,
    ) -> None:
        self.store = store
        self.bot = bot
        self.hours = hours or OfficeHours()
        self.record_prefix = record_prefix
        self.queue_seconds = queue_seconds
        self.answer_within = answer_within
        self._running: dict[tuple[str, str, str], asyncio.Future[Delivery]] = {}
        # at most this many messages with Rasa at once; the rest wait queue_seconds, then hear "busy"
        self._slots = asyncio.Semaphore(concurrency)

    async def deliver(
        self, *, channel: str, session_id: str, message_text: str, client_id: str | None = None
    ) -> Delivery:
        """Store the user's message and get it answered by whoever serves the conversation.

        The work runs to its end even when the caller goes away (a closed connection), so
        a reply is never half stored; a retry arriving meanwhile waits for it. Raises
        :class:`api.store.worker.StorageUnavailable` when the database cannot store the message.
        """
        key = (channel, session_id, client_id) if client_id else None
        if key is not None and (running := self._running.get(key)) is not None:
            return dataclasses.replace(await asyncio.shield(running), duplicate=True)
        task = asyncio.ensure_future(self._deliver(channel, session_id, message_text, client_id))
        if key is not None:
            self._running[key] = task
            task.add_done_callback(lambda _: self._running.pop(key, None))
        return await asyncio.shield(task)

    async def _deliver(self, channel: str, session_id: str, message_text: str, client_id: str | None) -> Delivery:
        received = await self.store(
            receive,
            channel=channel,
            session_id=session_id,
            message_text=message_text,
            client_id=client_id,
            hours=self.hours,
        )
        if received.ready is not None:
            return Delivery(received.conversation, received.ready, duplicate=received.duplicate)
        conversation = received.conversation
        replies = await self._ask_bot(conversation, received.message.text)
        if replies is None:
            return await self.store(store_busy, conversation=conversation)
        return await self.store(
            store_replies,
            conversation=conversation,
            replies=replies,
            hours=self.hours,
            record_prefix=self.record_prefix,
        )

    async def _ask_bot(self, conversation: Conversation, message_text: str) -> list[OutgoingMessage] | None:
        """The bot's replies, or ``None`` when it cannot answer now (logged, never the text).

        Rasa serves a few messages at a time; a message that cannot get a turn within
        ``queue_seconds`` gets the busy answer at once instead of queueing behind an overload
        (which would make every later user wait too). An empty reply is asked again once, unless
        the wait for a turn plus a second turn as long as the first (a failing action server
        makes every turn slow) would pass ``answer_within`` seconds: the busy answer then comes
        at once, within the 5 s a user is promised.
        """
        arrived = asyncio.get_running_loop().time()
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.queue_seconds)
        except TimeoutError:
            logger.warning("Rasa busy: conversation %s answered busy after %.1f s", conversation.id, self.queue_seconds)
            return None
        try:
            return await self._turns(conversation, message_text, arrived)
        except RasaUnavailable as exc:
            logger.warning("bot unavailable for conversation %s: %s", conversation.id, exc)
            return None
        finally:
            self._slots.release()

    async def _turns(
        self, conversation: Conversation, message_text: str, arrived: float
    ) -> list[OutgoingMessage] | None:
        loop = asyncio.get_running_loop()
        if conversation.rasa_paused:
            await self.bot.resume(sender_id=conversation.id)
            await self.store(set_rasa_paused, conversation_id=conversation.id, paused=False)
        started = loop.time()
        for attempt in (1, 2):
            replies = await self.bot.send(sender_id=conversation.id, text=message_text)
            if replies:
                return replies
            logger.warning("empty reply from Rasa in conversation %s (attempt %s)", conversation.id, attempt)
            if attempt == 2:
                break
            if await self.bot.is_paused(sender_id=conversation.id):
                # paused by a hand-off whose reply never reached the gateway
                logger.warning("resuming conversation %s, paused without a recorded hand-off", conversation.id)
                await self.bot.resume(sender_id=conversation.id)
            elif (now := loop.time()) - arrived + (now - started) > self.answer_within:
                break  # a second turn as long as the first would answer too late
        return None

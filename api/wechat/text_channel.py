"""What every WeChat channel does alike: answer in the background, keep what WeChat refuses,
and forward what staff say.

A subclass says how one text reaches a user (:meth:`TextChannel.send_one`): the Official
Account's customer-service API, or WeCom's ``kf/send_msg``. A text WeChat refuses for a
reason the user's next message cures (45015, 45047, 45002), or that cannot be sent now, is
kept (:func:`api.store.wechat.keep_pending`), staff see a note, and it goes out with the
answer to the user's next message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from api.relay import Relay
from api.store.conversations import StoredMessage
from api.store.wechat import keep_pending, take_pending
from api.store.worker import DatabaseWorker
from api.wechat.conversation import note_for_staff, staff_side
from api.wechat.customer_service import CustomerServiceError, Undeliverable
from api.wechat.rendering import render, split
from knowledge.texts import text

logger = logging.getLogger(__name__)


class TextChannel:
    """One WeChat channel's conversations (one per gateway process)."""

    channel = "wechat"

    def __init__(self, *, relay: Relay, store: DatabaseWorker) -> None:
        self.relay = relay
        self.store = store
        self._tasks: set[asyncio.Task[None]] = set()

    async def send_one(self, user: str, content: str) -> None:
        """Send one text to the user (raises :class:`Undeliverable` or :class:`CustomerServiceError`)."""
        raise NotImplementedError

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` in the background, referenced until done; a failure is logged by type."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            logger.error("WeChat background work failed: %s", type(exc).__name__)

    async def _with_kept(self, user: str, replies: list[StoredMessage]) -> str:
        """The replies as WeChat text, after what was kept for this user earlier (taken now, so
        call it once the answer exists)."""
        pending = await self.store(take_pending, openid=user)
        return "\n\n".join([*pending, render(replies)]).strip()

    async def _send(self, user: str, parts: list[str], conversation_id: str) -> None:
        """Send parts through the API in order; what WeChat refuses is kept for the next message."""
        for n, part in enumerate(parts):
            try:
                await self.send_one(user, part)
            except (Undeliverable, CustomerServiceError) as exc:
                reason = exc.reason if isinstance(exc, Undeliverable) else str(exc)
                logger.warning("WeChat reply of conversation %s kept: %s", conversation_id, reason)
                rest = "\n".join(parts[n:])
                await self.store(keep_pending, openid=user, conversation_id=conversation_id, text=rest, reason=reason)
                note = text("wechat_undelivered").format(reason=reason)
                await self.store(note_for_staff, channel=self.channel, user=user, note=note)
                return

    def forward_staff(self, *, conversation_id: str, after_id: int) -> None:
        """Send what staff said (a reply, 已接入, the end and the rating prompt) to a WeChat user,
        in the background; the API is the only way to reach them outside a callback."""

        async def forward() -> None:
            found = await self.store(
                staff_side, channel=self.channel, conversation_id=conversation_id, after_id=after_id
            )
            if found is not None:
                user, said = found
                await self._send(user, split(said), conversation_id)

        self._later(forward())

    async def drain(self) -> None:
        """Wait for the answers still being sent (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

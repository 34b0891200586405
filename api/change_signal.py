"""Wake live streams when the gateway stores something, instead of making them wait out a poll.

Writes made by this process (a reply, a staff message through the console) call
:meth:`ChangeSignal.notify` with the conversation they changed; only the streams of that
conversation wake (and those still waiting for their first message), so one busy
conversation does not make every open stream read the database. ``notify()`` without a
conversation wakes all. Writes by another process are still seen, at the latest after the
stream's poll interval.

>>> import asyncio
>>> async def demo() -> tuple[bool, bool]:
...     signal = ChangeSignal()
...     mine = asyncio.create_task(signal.wait("c1", timeout=5))
...     other = asyncio.create_task(signal.wait("c2", timeout=0.05))
...     await asyncio.sleep(0)
...     signal.notify("c1")
...     return await mine, await other
>>> asyncio.run(demo())
(True, False)
"""

from __future__ import annotations

import asyncio


class ChangeSignal:
    """A 'this conversation changed' broadcast for the streams of one process."""

    def __init__(self) -> None:
        self._events: dict[str | None, asyncio.Event] = {}

    def notify(self, conversation_id: str | None = None) -> None:
        """Wake the waiters of ``conversation_id`` and those without one (``None``: everyone)."""
        keys = list(self._events) if conversation_id is None else [conversation_id, None]
        for key in keys:
            if (event := self._events.pop(key, None)) is not None:
                event.set()

    async def wait(self, conversation_id: str | None = None, *, timeout: float) -> bool:
        """Wait for the next change of ``conversation_id``; ``False`` when ``timeout`` seconds passed first."""
        event = self._events.setdefault(conversation_id, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True

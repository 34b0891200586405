"""Wake live streams when the gateway stores something, instead of making them wait out a poll.

Writes made by this process (a reply, a staff message through the console) call
:meth:`ChangeSignal.notify`; every waiting stream wakes at once. Writes by another
process are still seen, at the latest after the stream's poll interval.

>>> import asyncio
>>> async def demo() -> bool:
...     signal = ChangeSignal()
...     waiter = asyncio.create_task(signal.wait(timeout=5))
...     await asyncio.sleep(0)
...     signal.notify()
...     return await waiter
>>> asyncio.run(demo())
True
"""

from __future__ import annotations

import asyncio


class ChangeSignal:
    """A broadcast 'something changed' for the streams of one process."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake everyone waiting now; later waiters wait for the next change."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, *, timeout: float) -> bool:
        """Wait for the next change; ``False`` when ``timeout`` seconds passed first."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True

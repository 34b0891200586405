"""How often one client may do something: chat messages, new conversations, staff logins.

Limits are settings in the notation of the ``limits`` library (``"20/minute;200/hour"``),
counted in a moving window. The storage is the gateway process's memory; with several
gateway workers it becomes ``limits``' Redis storage, without other changes here. A refusal
is a 429 with ``Retry-After`` (seconds until the window lets the next one through) and a
Chinese ``detail``, which the widget shows while it waits to send again.

>>> limits = RateLimits({"chat_session": "2/minute"})
>>> limits.check("chat_session", "s1"), limits.check("chat_session", "s1")
(None, None)
>>> 0 < limits.check("chat_session", "s1") <= 60
True
>>> limits.check("chat_session", "s2") is None
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from api.errors import ApiError


class RateLimits:
    """Named limits (``chat_session``, ``chat_address``, ``login_address`` …), each per key."""

    def __init__(self, limits: Mapping[str, str]) -> None:
        self._items: dict[str, list[RateLimitItem]] = {name: parse_many(spec) for name, spec in limits.items() if spec}
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def _wait(self, name: str, key: str) -> int | None:
        """Seconds until ``name`` lets ``key`` through again, or ``None`` if it does now."""
        waits = [
            max(1, math.ceil(self._limiter.get_window_stats(item, name, key).reset_time - time.time()))
            for item in self._items.get(name, [])
            if not self._limiter.test(item, name, key)
        ]
        return max(waits) if waits else None

    def check(self, name: str, key: str) -> int | None:
        """Count one use of ``name`` by ``key`` if every window allows it; else the seconds to wait."""
        if (wait := self._wait(name, key)) is not None:
            return wait
        for item in self._items.get(name, []):
            self._limiter.hit(item, name, key)
        return None

    def refuse_over(self, name: str, key: str, *, text_key: str = "too_many_requests") -> None:
        """:meth:`check`, raising the 429 :class:`api.errors.ApiError` when over the limit."""
        if (wait := self.check(name, key)) is not None:
            raise ApiError(429, text_key, headers={"Retry-After": str(wait)})

    def blocked(self, name: str, key: str) -> int | None:
        """Seconds ``key`` must wait for ``name`` without counting a use (e.g. failed logins so far)."""
        return self._wait(name, key)

    def count(self, name: str, key: str) -> None:
        """Count one use of ``name`` by ``key`` (e.g. a failed login), allowed or not."""
        for item in self._items.get(name, []):
            self._limiter.hit(item, name, key)


class StreamSlots:
    """Open event streams: at most ``total`` in the gateway and ``per_session`` per session.

    A slot also frees itself ``max_age`` seconds after it opened (a stream never lives
    longer), so a stream whose clean-up never ran cannot hold its slot for good.

    >>> slots = StreamSlots(total=2, per_session=1, max_age=60)
    >>> slots.open("a"), slots.open("a"), slots.open("b"), slots.open("c")
    (True, False, True, False)
    >>> slots.close("a"); slots.open("c")
    True
    >>> StreamSlots(total=1, per_session=1, max_age=0).open("a")  # every earlier slot has expired
    True
    """

    def __init__(self, *, total: int, per_session: int, max_age: float) -> None:
        self.total = total
        self.per_session = per_session
        self.max_age = max_age
        self._opened: dict[str, list[float]] = {}

    def _expire(self, now: float) -> None:
        for session_id, opened in list(self._opened.items()):
            live = [t for t in opened if now - t < self.max_age]
            if live:
                self._opened[session_id] = live
            else:
                del self._opened[session_id]

    def open(self, session_id: str) -> bool:
        now = time.monotonic()
        self._expire(now)
        if (
            sum(map(len, self._opened.values())) >= self.total
            or len(self._opened.get(session_id, [])) >= self.per_session
        ):
            return False
        self._opened.setdefault(session_id, []).append(now)
        return True

    def close(self, session_id: str) -> None:
        opened = self._opened.get(session_id)
        if opened:
            opened.pop(0)
            if not opened:
                del self._opened[session_id]

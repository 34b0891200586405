"""Every SQLite call of the gateway runs on one thread of its own, never on the event loop.

SQLite calls block (a write can wait up to the busy timeout for another process's lock), and
the gateway has one connection. Routes therefore hand each store function to
:class:`DatabaseWorker`, which runs it on a single dedicated thread, as datasette does with
its write thread: the event loop keeps serving chats and event streams while a slow write
waits, and the connection is only ever used by one thread at a time, so a ``db.atomic()``
block is never interleaved with another request's statements.

A database that cannot do its work (locked past the busy timeout, read-only, disk full, I/O
error) raises :class:`StorageUnavailable`, which the gateway answers with a 503 and a Chinese
explanation: the client keeps its message and sends it again.

>>> import asyncio
>>> from api.store.database import open_database
>>> from api.store.conversations import get_or_create_conversation
>>> async def demo() -> str:
...     worker = DatabaseWorker(open_database(":memory:"))
...     try:
...         conversation = await worker(get_or_create_conversation, channel="web", session_id="s1")
...         return conversation.channel
...     finally:
...         worker.close()
>>> asyncio.run(demo())
'web'
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Concatenate, ParamSpec, TypeVar

import sqlite_utils

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class StorageUnavailable(RuntimeError):
    """The database could not do its work now (locked, read-only, full, I/O error)."""


def _run(fn: Callable[..., T], db: sqlite_utils.Database, args: tuple[object, ...], kwargs: dict[str, object]) -> T:
    try:
        return fn(db, *args, **kwargs)
    except sqlite3.OperationalError as exc:
        # locked, read-only, disk full, disk I/O error: all are conditions that pass
        logger.error("database unavailable in %s: %s", getattr(fn, "__name__", "?"), exc)
        if db.conn.in_transaction:
            db.conn.rollback()
        raise StorageUnavailable(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise  # a constraint the store functions handle themselves
        logger.error("database error in %s: %s", getattr(fn, "__name__", "?"), type(exc).__name__)
        raise StorageUnavailable(type(exc).__name__) from exc


def atomic(
    fn: Callable[Concatenate[sqlite_utils.Database, P], T],
) -> Callable[Concatenate[sqlite_utils.Database, P], T]:
    """A store function whose statements are one transaction (``db.atomic()``; nested ones become savepoints)."""

    @functools.wraps(fn)
    def in_transaction(db: sqlite_utils.Database, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with db.atomic():
            return fn(db, *args, **kwargs)

    return in_transaction


class DatabaseWorker:
    """The gateway's one connection and the one thread that uses it."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")

    async def __call__(
        self, fn: Callable[Concatenate[sqlite_utils.Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``await worker(list_messages, conversation_id=…)``: ``fn(db, …)`` on the database thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(_run, fn, self.db, args, kwargs))

    def close(self) -> None:
        """Finish the calls already queued, then close the connection."""
        self._executor.shutdown(wait=True)
        self.db.conn.close()

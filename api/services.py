"""What the gateway loads once at start-up and hands to every request.

Models, the knowledge index and the database connection are opened in the
FastAPI lifespan (:func:`open_services`), never at import time; routes get them through
:data:`api.deps.ServicesDep`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
import sqlite_utils

from api.change_signal import ChangeSignal
from api.office_hours import OfficeHours
from api.rasa_client import RasaClient
from api.settings import Settings
from api.store.database import open_database
from knowledge.search.dense import EmbeddingModelError
from knowledge.search.manifest import IndexMissing
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.search.tokenizer import Tokenizer

logger = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    db: sqlite_utils.Database
    http: httpx.AsyncClient
    rasa: RasaClient
    tokenizer: Tokenizer
    searcher: Searcher | None = field(default=None)
    changes: ChangeSignal = field(default_factory=ChangeSignal)
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    knowledge_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def current_searcher(self) -> Searcher:
        """The searcher over the live index, loading or reloading it when the manifest changed."""
        if self.searcher is None:
            self.searcher = open_searcher(self.settings, self.tokenizer)
        else:
            self.searcher.reload_if_changed()
        return self.searcher


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    db = open_database(settings.database_path)
    http = httpx.AsyncClient()
    services = Services(
        settings=settings,
        db=db,
        http=http,
        rasa=RasaClient(
            base_url=settings.rasa_url,
            token=settings.rasa_token.get_secret_value(),
            timeout=settings.rasa_timeout,
            http=http,
        ),
        tokenizer=Tokenizer.from_directory(),
        office_hours=OfficeHours.from_settings(settings),
    )
    try:
        services.current_searcher()
    except IndexMissing:
        logger.warning("no knowledge index yet under %s; run `ecoassist kb build`", settings.home)
    except EmbeddingModelError as exc:  # the gateway still serves chat and staff; /health names the knowledge
        logger.error("knowledge index not loaded: %s", exc)
    try:
        yield services
    finally:
        await http.aclose()
        db.conn.close()

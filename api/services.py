"""What the gateway loads once at start-up and hands to every request.

Models, the knowledge index and the database connection are opened in the
FastAPI lifespan (:func:`open_services`), never at import time; routes get them through
:data:`api.deps.ServicesDep`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx

from api.change_signal import ChangeSignal
from api.office_hours import OfficeHours
from api.rasa_client import RasaClient
from api.rate_limits import RateLimits, StreamSlots
from api.relay import Relay
from api.settings import Settings
from api.store.database import open_database
from api.store.worker import DatabaseWorker
from api.wechat.customer_service import CustomerService, official_account_client, wecom_client
from api.wechat.official_account import Menu, OfficialAccount
from api.wechat.protocol import Channel
from api.wechat.wecom_service import KfCallback, WeComService
from knowledge.search.dense import EmbeddingModelError
from knowledge.search.manifest import IndexMissing
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.search.tokenizer import Tokenizer

logger = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    store: DatabaseWorker
    http: httpx.AsyncClient
    rasa: RasaClient
    relay: Relay
    tokenizer: Tokenizer
    searcher: Searcher | None = field(default=None)
    changes: ChangeSignal = field(default_factory=ChangeSignal)
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    knowledge_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _searcher_lock: threading.Lock = field(default_factory=threading.Lock)
    wechat: Channel | None = None
    official_account: OfficialAccount | None = None
    kf_callback: KfCallback | None = None
    wecom: WeComService | None = None
    limits: RateLimits = field(default_factory=lambda: RateLimits({}))
    streams: StreamSlots = field(default_factory=lambda: StreamSlots(total=1000, per_session=3, max_age=60))
    address_streams: StreamSlots = field(default_factory=lambda: StreamSlots(total=1000, per_session=50, max_age=60))

    def current_searcher(self) -> Searcher:
        """The searcher over the live index, loading or reloading it when the manifest changed.

        Loading takes seconds: routes call it through :meth:`searcher_off_loop`.
        """
        with self._searcher_lock:
            if self.searcher is None:
                self.searcher = open_searcher(self.settings, self.tokenizer)
            else:
                self.searcher.reload_if_changed()
            return self.searcher

    async def searcher_off_loop(self) -> Searcher:
        """:meth:`current_searcher` on a worker thread, so a (re)load never stalls the event loop."""
        return await asyncio.to_thread(self.current_searcher)


def _open_wechat(services: Services) -> None:
    """The Official Account's callback channel and, with an AppSecret, its customer-service API."""
    settings = services.settings
    services.wechat = Channel(
        token=settings.wechat_token.get_secret_value(),
        encoding_aes_key=settings.wechat_encoding_aes_key.get_secret_value(),
        app_id=settings.wechat_app_id,
        max_skew=settings.wechat_max_clock_skew,
    )
    customer_service = None
    if settings.wechat_app_id and settings.wechat_app_secret.get_secret_value():
        customer_service = CustomerService(
            key=settings.wechat_app_id,
            client=official_account_client(
                app_id=settings.wechat_app_id,
                secret=settings.wechat_app_secret.get_secret_value(),
                api_base=settings.wechat_api_base,
            ),
            store=services.store,
        )
    services.official_account = OfficialAccount(
        relay=services.relay,
        store=services.store,
        customer_service=customer_service,
        menu=Menu.load(),
        passive_seconds=settings.wechat_passive_seconds,
    )
    logger.info("WeChat Official Account callback enabled (%s mode)", "safe" if services.wechat.crypto else "plain")


def _open_wecom(services: Services) -> None:
    """WeCom 微信客服: the callback's checks and the sync/send API."""
    settings = services.settings
    services.kf_callback = KfCallback(
        token=settings.wecom_token.get_secret_value(),
        encoding_aes_key=settings.wecom_encoding_aes_key.get_secret_value(),
        corp_id=settings.wecom_corp_id,
        max_skew=settings.wechat_max_clock_skew,
    )
    api = CustomerService(
        key=f"{settings.wecom_corp_id}:kf",
        client=wecom_client(
            corp_id=settings.wecom_corp_id,
            secret=settings.wecom_secret.get_secret_value(),
            api_base=settings.wecom_api_base,
        ),
        store=services.store,
    )
    services.wecom = WeComService(relay=services.relay, store=services.store, api=api)
    logger.info("WeCom customer-service callback enabled")


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    store = DatabaseWorker(open_database(settings.database_path))
    http = httpx.AsyncClient()
    rasa = RasaClient(
        base_url=settings.rasa_url,
        token=settings.rasa_token.get_secret_value(),
        timeout=settings.rasa_timeout,
        http=http,
    )
    hours = OfficeHours.from_settings(settings)
    services = Services(
        settings=settings,
        store=store,
        http=http,
        rasa=rasa,
        relay=Relay(
            store,
            rasa,
            hours=hours,
            record_prefix=settings.service_reference_prefix,
            concurrency=settings.rasa_concurrency,
            queue_seconds=settings.rasa_queue_seconds,
        ),
        tokenizer=Tokenizer.from_directory(),
        office_hours=hours,
        limits=RateLimits(settings.rate_limits),
        streams=StreamSlots(
            total=settings.events_max_streams,
            per_session=settings.events_max_per_session,
            max_age=settings.events_max_seconds + 5,  # a stream ends by itself after events_max_seconds
        ),
        address_streams=StreamSlots(
            total=settings.events_max_streams,
            per_session=settings.events_max_per_address,
            max_age=settings.events_max_seconds + 5,
        ),
    )
    if settings.wechat_enabled:
        _open_wechat(services)
    if settings.wecom_enabled:
        _open_wecom(services)
    try:
        services.current_searcher()
    except IndexMissing:
        logger.warning("no knowledge index yet under %s; run `ecoassist kb build`", settings.home)
    except EmbeddingModelError as exc:  # the gateway still serves chat and staff; /health names the knowledge
        logger.error("knowledge index not loaded: %s", exc)
    try:
        yield services
    finally:
        for channel in (services.official_account, services.wecom):
            if channel is not None:
                await channel.drain()
        await http.aclose()
        store.close()

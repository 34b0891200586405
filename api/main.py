"""The FastAPI gateway: ``ecoassist serve gateway`` (or ``uvicorn --factory api.main:create_app``)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.body_limit import BodyLimit
from api.errors import install_error_handlers
from api.routes import chat, escalations, events, faq, feedback, health, pages, service_records, staff, wechat
from api.security_headers import SecurityHeaders
from api.services import open_services
from api.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway; everything heavy opens in the lifespan, not here."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_services(settings) as services:
            app.state.services = services
            logger.info("gateway ready on %s", settings.chat_url)
            yield

    app = FastAPI(
        title="ecoassist gateway",
        description="上海市生态环境局企业服务智能咨询：网页聊天、微信、人工服务与知识库的统一入口。",
        version="0.1.0",
        lifespan=lifespan,
        # the docs map the staff API: on in development, a setting elsewhere
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    install_error_handlers(app)
    if settings.widget_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.widget_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Last-Event-ID"],
            allow_credentials=False,
        )
    for module in (chat, events, feedback, health, pages, staff, escalations, faq, service_records, wechat):
        app.include_router(module.router)
    app.mount("/static", pages.CachedStaticFiles(directory=pages.STATIC_DIR), name="static")
    # the last added is the outermost: the headers go on every answer, the 413 included
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    return app

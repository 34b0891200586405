"""``GET /health``: is every part of the system up? 200 when all are, 503 naming the ones down.

Anonymous (load balancers and ``ecoassist watch`` call it), so a part's detail says what is
wrong in a few words and never holds a secret, a URL or a file path.
"""

from __future__ import annotations

import sqlite3

import httpx
from fastapi import APIRouter, Response

from api.deps import ServicesDep
from api.rasa_client import RasaUnavailable
from api.schemas import HealthPart, HealthResponse
from api.services import Services
from api.store.database import check_database
from api.store.worker import StorageUnavailable
from knowledge.search.dense import EmbeddingModelError
from knowledge.search.manifest import IndexMissing

router = APIRouter(tags=["health"])


async def _rasa(services: Services) -> HealthPart:
    try:
        status = await services.rasa.status()
    except RasaUnavailable as exc:
        return HealthPart(ok=False, detail=f"Rasa unavailable: {exc}")
    return HealthPart(ok=True, detail=str(status.get("model_id", "")))


async def _actions(services: Services) -> HealthPart:
    url = services.settings.action_server_url.rstrip("/") + "/health"
    try:
        response = await services.http.get(url, timeout=3.0)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return HealthPart(ok=False, detail=f"action server unavailable: {type(exc).__name__}")
    return HealthPart(ok=True)


async def _knowledge(services: Services) -> HealthPart:
    try:
        manifest = (await services.searcher_off_loop()).manifest
    except IndexMissing:
        return HealthPart(ok=False, detail="no knowledge index: run `ecoassist kb build`")
    except (EmbeddingModelError, OSError, ValueError) as exc:
        return HealthPart(ok=False, detail=f"knowledge index not loaded: {type(exc).__name__}")
    if manifest.clause_count == 0:
        return HealthPart(ok=False, detail="the knowledge index is empty")
    return HealthPart(ok=True, detail=f"{manifest.clause_count} clauses, {manifest.document_count} documents")


async def _database(services: Services) -> HealthPart:
    try:
        await services.store(check_database)
    except (StorageUnavailable, sqlite3.Error) as exc:
        return HealthPart(ok=False, detail=f"database unavailable: {type(exc).__name__}")
    return HealthPart(ok=True)


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def health(services: ServicesDep, response: Response) -> HealthResponse:
    parts = {
        "rasa": await _rasa(services),
        "actions": await _actions(services),
        "knowledge": await _knowledge(services),
        "database": await _database(services),
    }
    ok = all(p.ok for p in parts.values())
    response.status_code = 200 if ok else 503
    return HealthResponse(status="ok" if ok else "degraded", parts=parts)

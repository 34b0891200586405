"""Every refusal of the gateway is a status and one Chinese ``detail`` (an ``ErrorResponse``).

Routes and dependencies ``raise ApiError(status, text_key)``, naming a key of
``knowledge/data/texts.yml``; the handlers installed by :func:`install_error_handlers`
render it, bad input (422) and Starlette's own errors (an unknown route) in that one shape,
so a client never gets a 500 for bad input. Routes document the statuses they may answer
with ``responses=error_responses(...)``.

>>> from knowledge.texts import text
>>> refused = ApiError(404, "conversation_not_found")
>>> refused.status, refused.detail == text("conversation_not_found")
(404, True)
>>> responses = error_responses(404, 409)
>>> sorted(responses), responses[404]["model"].__name__
([404, 409, 422], 'ErrorResponse')
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import ErrorResponse
from api.store.worker import StorageUnavailable
from knowledge.texts import text

logger = logging.getLogger(__name__)
STORAGE_RETRY_AFTER_S = 5

_FIELD_TEXT = {
    "session_id": "invalid_session_id",
    "text": "empty_text",
    "rating": "invalid_rating",
    "message_id": "invalid_message_id",
    "reason": "invalid_reason",
    "comment": "invalid_reason",
}
_REASON_TEXT = {"empty_text", "text_too_long"}


class ApiError(Exception):
    """A request the gateway refuses: the HTTP ``status`` and the texts.yml key of the explanation.

    The text is looked up here, so a mistyped key fails where it is raised, not in the handler.
    ``headers`` go out with the response (``WWW-Authenticate``, ``Retry-After``).
    """

    def __init__(self, status: int, text_key: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status} {text_key}")
        self.status = status
        self.text_key = text_key
        self.detail = text(text_key)
        self.headers = dict(headers or {})


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses=``: each status, and 422 (every input is validated), as an ``ErrorResponse``."""
    return {status: {"model": ErrorResponse} for status in sorted({*statuses, 422})}


def _message(error: dict[str, object]) -> str:
    """The Chinese message for one pydantic error."""
    if error.get("type") == "json_invalid":
        return text("invalid_json")
    ctx = error.get("ctx")
    reason = str(ctx.get("error", "")) if isinstance(ctx, dict) else ""
    if reason in _REASON_TEXT:
        return text(reason)
    loc = error.get("loc")
    field = str(loc[-1]) if isinstance(loc, (list, tuple)) and loc else ""
    return text(_FIELD_TEXT.get(field, "invalid_request"))


def _response(status: int, body: ErrorResponse, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(), headers=headers)


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _response(exc.status, ErrorResponse(detail=exc.detail), exc.headers)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": _message(e)}
        for e in exc.errors()
    ]
    detail = errors[0]["message"] if errors else text("invalid_request")
    return _response(422, ErrorResponse(detail=detail, errors=errors))


async def _http(_: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors: an unknown route gets the Chinese 404, the rest (405) keep their detail."""
    assert isinstance(exc, StarletteHTTPException)
    detail = text("not_found") if exc.status_code == 404 and exc.detail == "Not Found" else str(exc.detail)
    return _response(exc.status_code, ErrorResponse(detail=detail))


async def _storage(_: Request, exc: Exception) -> JSONResponse:
    """The database cannot work now (locked, read-only, full): 503, and the client sends again later."""
    return _response(
        503, ErrorResponse(detail=text("storage_unavailable")), {"Retry-After": str(STORAGE_RETRY_AFTER_S)}
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A defect: logged with its type and route (never the request's content), answered in Chinese."""
    logger.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
    # Starlette answers this outside every middleware, so the security headers come from here
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    }
    return _response(500, ErrorResponse(detail=text("internal_error")), headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StorageUnavailable, _storage)
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)

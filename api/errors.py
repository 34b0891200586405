"""Turn bad requests into clear Chinese messages (never a 500 for bad input)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import ErrorResponse
from knowledge.texts import text

_FIELD_TEXT = {
    "session_id": "invalid_session_id",
    "text": "empty_text",
    "rating": "invalid_rating",
    "message_id": "invalid_message_id",
    "reason": "invalid_reason",
    "comment": "invalid_reason",
}
_REASON_TEXT = {"empty_text", "text_too_long"}


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


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": _message(e)}
        for e in exc.errors()
    ]
    detail = errors[0]["message"] if errors else text("invalid_request")
    return JSONResponse(status_code=422, content=ErrorResponse(detail=detail, errors=errors).model_dump())


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    # Starlette's own 404 (no such route) says "Not Found"; routes raise 404s with a Chinese detail.
    detail = text("not_found") if exc.status_code == 404 and exc.detail == "Not Found" else str(exc.detail)
    return JSONResponse(status_code=exc.status_code, content=ErrorResponse(detail=detail).model_dump())


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)

"""The demo portal page at ``/``, the embeddable widget at ``/widget.js`` and static files.

A portal embeds the chat with one tag::

    <script src="https://GATEWAY/widget.js" defer></script>

The widget and its stylesheet are plain files (no build step); they are served with a
short public cache lifetime and validators, so a new release reaches browsers within
minutes while repeat visits cost a 304.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CACHE_CONTROL = "public, max-age=300, must-revalidate"
router = APIRouter(tags=["pages"])


class CachedStaticFiles(StaticFiles):
    """Static files with a ``Cache-Control`` header next to Starlette's ETag and Last-Modified."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = CACHE_CONTROL
        return response


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")


@router.get("/console", include_in_schema=False)
async def console() -> FileResponse:
    """The staff console (a static page; everything it shows comes from the staff API)."""
    return FileResponse(STATIC_DIR / "console.html", media_type="text/html; charset=utf-8")


@router.get("/widget.js", include_in_schema=False)
async def widget() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": CACHE_CONTROL},
    )

"""Security headers on every response: what a page may load, who may frame it, what it leaks.

- ``Content-Security-Policy``: scripts, styles and connections from the gateway itself only
  (no inline script or style anywhere); ``frame-ancestors`` is ``'self'`` plus the portal
  origins of ``ECOASSIST_FRAME_ANCESTORS`` for the chat pages, and ``'none'`` for the staff
  console and the staff API, which are never framed.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: strict-origin-when-cross-origin``,
  and ``X-Frame-Options`` for browsers without ``frame-ancestors``.

The interactive API docs (``/docs``, development only) load Swagger UI from a CDN and get no CSP.

>>> policy("/", ["https://portal.example.gov.cn"]).split("; ")[-1]
"frame-ancestors 'self' https://portal.example.gov.cn"
>>> "script-src 'self';" in policy("/", [])
True
>>> policy("/console", ["https://portal.example.gov.cn"]).endswith("frame-ancestors 'none'")
True
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
STAFF_PATHS = ("/console", "/api/staff")
DOCS_PATHS = ("/docs", "/redoc")


def policy(path: str, frame_ancestors: Sequence[str]) -> str:
    """The Content-Security-Policy for a path."""
    if path.startswith(STAFF_PATHS):
        return f"{BASE_POLICY}; frame-ancestors 'none'"
    allowed = " ".join(["'self'", *frame_ancestors])
    return f"{BASE_POLICY}; frame-ancestors {allowed}"


class SecurityHeaders:
    """Pure ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: Sequence[str] = ()) -> None:
        self.app = app
        self.frame_ancestors = list(frame_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
        ]
        if not path.startswith(DOCS_PATHS):
            headers.append((b"content-security-policy", policy(path, self.frame_ancestors).encode()))
        if path.startswith(STAFF_PATHS):
            headers.append((b"x-frame-options", b"DENY"))
        elif not self.frame_ancestors:  # with portal origins, only frame-ancestors can say so
            headers.append((b"x-frame-options", b"SAMEORIGIN"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, with_headers)

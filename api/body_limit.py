"""Refuse request bodies over a size limit before they are read (413, in Chinese).

A declared ``Content-Length`` over the limit is refused at once; a body sent without one
(chunked) is counted as it arrives and refused when it passes the limit, so a multi-GB body
is never read, decoded or stored.

>>> import asyncio
>>> from starlette.applications import Starlette
>>> from starlette.testclient import TestClient
>>> client = TestClient(BodyLimit(Starlette(), max_bytes=10))
>>> response = client.post("/", content=b"x" * 11)
>>> response.status_code, response.json()["detail"] == text("request_too_large")
(413, True)
"""

from __future__ import annotations

import contextlib
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from knowledge.texts import text


class BodyTooLarge(Exception):
    """The request body passed the limit while it was being read."""


class BodyLimit:
    """Pure ASGI middleware: the app never sees a body over ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": text("request_too_large"), "errors": []}, ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not refused:
                    refused = True  # answer now: the app may turn the error below into its own
                    await self._refuse(send)
                    raise BodyTooLarge
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counted, unless_refused)

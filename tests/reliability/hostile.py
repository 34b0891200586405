"""Hostile input on every route of the gateway, enumerated from ``app.routes`` so none is forgotten.

Each route gets every hostile value in each of its path and query parameters and, if it takes
a body, every hostile body (empty, 100 KB, multi-MB, control characters, invalid UTF-8,
emoji, HTML/script, SQL-like strings, deep and huge JSON, wrong content types, huge numbers).
The check everywhere: never a 5xx and never a dropped connection. ``POST /api/chat``
is held to the contract as well (:data:`CHAT_EXPECTED`): 413 beyond the body limit, 422 for what
is not a message, 200 for odd but valid text, which must then be stored verbatim.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
from fastapi.routing import APIRoute

from tests.reliability.verdict import Verdict

logger = logging.getLogger(__name__)

MB = 1024 * 1024
HUGE_INT = "9223372036854775808"  # 2**63: one past SQLite's integer
HOSTILE_VALUES: dict[str, str] = {
    "empty": "",
    "negative": "-1",
    "2^63": HUGE_INT,
    "10^30": "1" + "0" * 30,
    "float inf": "1e309",
    "superscript two": "²",
    "nul": "a\x00b",
    "control": "\x01\x1b[31m\x7f",
    "emoji": "😀🏭🌊" * 5,
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "sql": "' OR 1=1; DROP TABLE messages; --",
    "path traversal": "../../etc/passwd",
    "6 KB": "环" * 2_000,
}
VALID_TEXTS = {k: HOSTILE_VALUES[k] for k in ("emoji", "html", "sql")}
# "billion laughs": ten levels of ten references each, a gigabyte once expanded
XML_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, 10))
    + b"]><xml><Content>&lol9;</Content></xml>"
)
XML_EXTERNAL = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>'
SAMPLE_FIELDS = {"session_id": "hostile", "text": "你好", "client_id": "h1", "message_id": 1, "reason": "r"}


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def hostile_bodies() -> Iterator[tuple[str, bytes, str]]:
    """(name, body, content type) for a route that takes JSON."""
    yield "empty body", b"", "application/json"
    yield "100 KB text", _json({**SAMPLE_FIELDS, "text": "环" * 34_000}), "application/json"
    yield "5 MB body", _json({**SAMPLE_FIELDS, "text": "a" * (5 * MB)}), "application/json"
    yield "invalid UTF-8", b'{"session_id": "hostile", "text": "\xff\xfe\xc3\x28"}', "application/json"
    yield "not JSON", b"session_id=hostile&text=hi", "application/json"
    yield "deep JSON", b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "application/json"
    yield "huge JSON array", _json(list(range(200_000))), "application/json"
    yield "JSON null", b"null", "application/json"
    yield "text/plain", _json(SAMPLE_FIELDS), "text/plain"
    yield "form", b"session_id=hostile&text=hi", "application/x-www-form-urlencoded"
    yield "xml", b"<chat><text>hi</text></chat>", "application/xml"
    yield "xml entity bomb", XML_BOMB, "text/xml"
    yield (
        "xml external entity",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
        "text/xml",
    )
    yield "huge number", _json({**SAMPLE_FIELDS, "message_id": 10**40, "rating": 10**40}), "application/json"
    yield "float for int", b'{"session_id": "hostile", "message_id": 1e309, "rating": 1e400}', "application/json"
    for name, value in HOSTILE_VALUES.items():
        yield (
            f"every field {name}",
            _json({k: value for k in (*SAMPLE_FIELDS, "rating", "comment")}),
            "application/json",
        )


# what POST /api/chat must answer (any of these) besides "never a 5xx"
CHAT_EXPECTED: dict[str, set[int]] = {
    "empty body": {422},
    "100 KB text": {413},
    "5 MB body": {413},
    "invalid UTF-8": {400, 422},
    "not JSON": {400, 422},
    "deep JSON": {400, 413, 422},
    "huge JSON array": {413, 422},
    "text/plain": {415, 422},
    "xml": {415, 422},
}


@dataclass
class Sweep:
    """Every request the sweep made that broke the rules, out of how many."""

    requests: int = 0
    routes: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")


def routes_of_app() -> list[tuple[str, str, list[str], list[str], bool]]:
    """(method, path, query parameters, headers, takes a body) for every route, however it is mounted."""
    from api.main import create_app  # nothing heavy at import: the lifespan opens the services

    def walk(routes: list[object]) -> Iterator[APIRoute]:
        for r in routes:
            if hasattr(r, "original_router"):
                yield from walk(list(r.original_router.routes))
            elif isinstance(r, APIRoute):
                yield r

    found = []
    for route in walk(list(create_app().routes)):
        query = [p.alias for p in route.dependant.query_params]
        headers = [p.alias for p in route.dependant.header_params]
        for method in sorted(route.methods or ()):
            found.append((method, route.path, query, headers, route.body_field is not None))
    return found


def _fill(path: str, value: str) -> str:
    """The path with each ``{parameter}`` replaced by ``value``, percent-encoded."""
    return re.sub(r"\{[^}]+\}", lambda _: quote(value, safe="") or "%20", path)


def sweep(base_url: str, verdict: Verdict) -> Sweep:
    """Send every hostile input to every route; record what broke the rules in ``verdict``."""
    result = Sweep()
    routes = routes_of_app()
    result.routes = len(routes)
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for method, path, query, headers, takes_body in routes:
            for value_name, value in HOSTILE_VALUES.items():
                url = _fill(path, value) if "{" in path else path
                params = {q: value for q in query} or None
                head = {h.encode(): value.encode() for h in headers if value.isprintable()}
                body = _json(SAMPLE_FIELDS) if takes_body else None
                send_request(
                    client, result, method, url, f"{value_name} in parameters", params=params, head=head, body=body
                )
            if takes_body or method == "POST":  # a route may read its body itself (WeChat's XML)
                for body_name, content, content_type in hostile_bodies():
                    url = _fill(path, "1")
                    status = send_request(
                        client, result, method, url, body_name, body=content, content_type=content_type
                    )
                    if path == "/api/chat" and body_name in CHAT_EXPECTED and status not in CHAT_EXPECTED[body_name]:
                        result.failures.append(
                            f"POST /api/chat {body_name}: {status}, expected {sorted(CHAT_EXPECTED[body_name])}"
                        )
    _odd_numbers(base_url, result)
    _verbatim(base_url, result)
    verdict.check(
        "no 5xx, no dropped connection; /api/chat answers as the contract says",
        not result.failures,
        "; ".join(result.failures[:12]),
    )
    verdict.notes.append(
        f"{result.requests} hostile requests on {result.routes} routes ({result.skipped} too long to send)"
    )
    verdict.notes.append(f"slowest: {result.slowest[1]} in {result.slowest[0]:.2f}s")
    return result


def send_request(
    client: httpx.Client,
    result: Sweep,
    method: str,
    url: str,
    what: str,
    *,
    params: dict[str, str] | None = None,
    head: dict[bytes, bytes] | None = None,
    body: bytes | None = None,
    content_type: str = "application/json",
) -> int | str:
    headers: dict[bytes, bytes] = {**(head or {})}
    if body is not None:
        headers[b"Content-Type"] = content_type.encode()
    started = time.monotonic()
    try:
        with client.stream(method, url, params=params, headers=headers, content=body) as response:
            status: int | str = response.status_code  # an event stream is judged by its status, then closed
    except httpx.InvalidURL:
        result.skipped += 1  # too long for httpx to send: nothing reached the gateway
        return "not sent"
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    took = time.monotonic() - started
    result.requests += 1
    if took > result.slowest[0]:
        result.slowest = (took, f"{method} {url} ({what})")
    if not isinstance(status, int) or status >= 500:
        result.failures.append(f"{method} {url} {what}: {status}")
    return status


def _odd_numbers(base_url: str, result: Sweep) -> None:
    """The review's two 500s: ``after`` ≥ 2^63 and a ``Last-Event-ID`` of 「²」."""
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for path in ("/api/chat/history", "/api/chat/events"):
            for after in (HUGE_INT, "1" + "0" * 40, "-1", "1e3", "0x10"):
                params = {"session_id": "hostile", "after": after}
                send_request(client, result, "GET", path, f"after={after}", params=params)
            for last in ("²", "٣", HUGE_INT, "1" * 40, "-5"):
                head = {b"Last-Event-ID": last.encode()}
                send_request(
                    client, result, "GET", path, f"Last-Event-ID={last}", params={"session_id": "h"}, head=head
                )


def _verbatim(base_url: str, result: Sweep) -> None:
    """Odd but valid text (emoji, HTML, SQL) is answered and stored exactly as sent."""
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for name, value in VALID_TEXTS.items():
            session = f"hostile-verbatim-{name}"
            response = client.post("/api/chat", json={"session_id": session, "text": value, "client_id": "v1"})
            result.requests += 1
            if response.status_code != 200:
                result.failures.append(f"POST /api/chat {name} text: {response.status_code}, expected 200")
                continue
            stored = client.get("/api/chat/history", params={"session_id": session}).json()["messages"]
            if not any(m["sender"] == "user" and m["text"] == value for m in stored):
                result.failures.append(f"POST /api/chat {name} text: not stored verbatim")

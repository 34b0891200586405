"""A fake WeChat API: a real HTTP server on 127.0.0.1 that the gateway is pointed at
(``ECOASSIST_WECHAT_API_BASE``). It issues access tokens, records customer-service sends, and
can answer the next sends with error codes (40001, 45015 …) or hold them until a test lets them go.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeWeChat:
    url: str = ""
    sends: list[dict[str, str]] = field(default_factory=list)
    tokens_issued: int = 0
    errors: list[int] = field(default_factory=list)
    # a customer-service send waits here, once it has arrived, until the test opens the gate
    gate: threading.Event | None = None
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # WeCom 微信客服: the messages kf/sync_msg pages through (the cursor is an index) and what kf/send_msg got
    kf_messages: list[dict[str, Any]] = field(default_factory=list)
    kf_page: int = 2
    kf_sends: list[dict[str, str]] = field(default_factory=list)
    kf_syncs: list[str] = field(default_factory=list)

    def wait_for_kf_sends(self, count: int, timeout: float = 10.0) -> list[dict[str, str]]:
        """The 微信客服 sends once there are ``count`` of them (polled; fails after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while len(self.kf_sends) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.kf_sends)} kf sends, expected {count}: {self.kf_sends}")
            time.sleep(0.02)
        return list(self.kf_sends)

    def wait_for_sends(self, count: int, timeout: float = 10.0) -> list[dict[str, str]]:
        """The sends once there are ``count`` of them (polled; fails after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while len(self.sends) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.sends)} sends, expected {count}: {self.sends}")
            time.sleep(0.02)
        return list(self.sends)


def _handler(state: FakeWeChat) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _json(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path in ("/cgi-bin/token", "/cgi-bin/gettoken"):
                with state.lock:
                    state.tokens_issued += 1
                    token = f"TOKEN-{state.tokens_issued}"
                self._json({"access_token": token, "expires_in": 7200})
                return
            self._json({"errcode": 40004, "errmsg": "unknown"})

        def do_POST(self) -> None:
            url = urlparse(self.path)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            if url.path == "/cgi-bin/kf/sync_msg":
                with state.lock:
                    state.kf_syncs.append(body.get("cursor", ""))
                    start = int(body.get("cursor") or 0)
                    page = state.kf_messages[start : start + state.kf_page]
                    end = start + len(page)
                    more = end < len(state.kf_messages)
                self._json({"errcode": 0, "next_cursor": str(end), "has_more": int(more), "msg_list": page})
                return
            if url.path == "/cgi-bin/kf/send_msg":
                with state.lock:
                    state.kf_sends.append(
                        {"touser": body["touser"], "open_kfid": body["open_kfid"], "content": body["text"]["content"]}
                    )
                self._json({"errcode": 0, "errmsg": "ok", "msgid": f"sent-{len(state.kf_sends)}"})
                return
            if url.path != "/cgi-bin/message/custom/send":
                self._json({"errcode": 40004, "errmsg": "unknown"})
                return
            state.arrived.set()
            if state.gate is not None:
                state.gate.wait(30)  # stops by itself
            with state.lock:
                error = state.errors.pop(0) if state.errors else 0
                if not error:
                    token = parse_qs(url.query).get("access_token", [""])[0]
                    state.sends.append({"touser": body["touser"], "content": body["text"]["content"], "token": token})
            self._json({"errcode": error, "errmsg": "ok" if not error else "refused"})

    return Handler


@contextmanager
def fake_wechat() -> Iterator[FakeWeChat]:
    state = FakeWeChat()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

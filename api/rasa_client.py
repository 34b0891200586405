"""Talk to the Rasa server: send a user's message, translate the replies, check health.

Rasa's REST channel returns a list of messages; a custom payload (``json_message``
in an action) arrives as its own entry right after the text it belongs to. This
module validates each payload once, as a :class:`knowledge.payloads.BotPayload`, and
folds it into the preceding text message. A payload that does not validate is logged
(by field name, never with its values) and left out; the text still goes to the user.

>>> raw = [{"text": "答复", "buttons": [{"title": "有用", "payload": "/feedback"}]},
...        {"custom": {"citations": [{"document": "D", "doc_no": "N", "article": "（二）",
...                                   "departments": ["环评处"], "score": 1.0}]}}]
>>> [(m.text, len(m.buttons), m.payload.citations[0].article) for m in messages_from_rasa(raw)]
[('答复', 1, '（二）')]
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import httpx

from api.store.conversations import OutgoingMessage
from knowledge.payloads import BotPayload

logger = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer, or answered with an error.

    Its message names what went wrong (``ConnectError``, ``HTTP 500``) and never the URL:
    the URL of Rasa's HTTP API carries its token.
    """


def _failure(exc: Exception) -> str:
    """What went wrong, without the request's URL (which holds the token).

    >>> request = httpx.Request("GET", "http://127.0.0.1:5005/status?token=secret")
    >>> _failure(httpx.ConnectError("All connection attempts failed", request=request))
    'ConnectError'
    >>> _failure(httpx.HTTPStatusError("boom", request=request, response=httpx.Response(500, request=request)))
    'HTTP 500'
    """
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    return type(exc).__name__


def _buttons(raw: Any) -> list[dict[str, str]]:
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in (raw or [])
        if isinstance(b, dict)
    ]


def payload_from_rasa(raw: object, *, sender_id: str = "") -> BotPayload:
    """The valid parts of a custom entry; the invalid ones are named in a warning and left out.

    >>> payload_from_rasa({"service_records": "list"}).service_records
    'list'
    >>> payload_from_rasa({"feedback": {"value": "meh"}}) == BotPayload()
    True
    """
    payload, problems = BotPayload.read(raw)
    if problems:
        logger.warning(
            "left out invalid payload parts from Rasa in conversation %s: %s", sender_id or "?", "; ".join(problems)
        )
    return payload


def messages_from_rasa(raw: list[dict[str, Any]], *, sender_id: str = "") -> list[OutgoingMessage]:
    """Rasa REST output → the gateway's messages (each payload folded into its text)."""
    out: list[OutgoingMessage] = []
    for item in raw:
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
        if custom is not None and "text" not in item:
            payload = payload_from_rasa(custom, sender_id=sender_id)
            if payload == BotPayload():
                continue
            if out:
                out[-1] = dataclasses.replace(out[-1], payload=out[-1].payload.merged(payload))
            else:
                out.append(OutgoingMessage(text="", payload=payload))
            continue
        text = item.get("text")
        if text is None and item.get("image"):
            text = str(item["image"])
        out.append(OutgoingMessage(text=str(text or ""), buttons=_buttons(item.get("buttons"))))
    return out


class RasaClient:
    """The Rasa server's REST webhook and HTTP API."""

    def __init__(self, *, base_url: str, token: str, timeout: float, http: httpx.AsyncClient) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = http

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        """Send one user message through the REST channel and return the bot's replies."""
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self.http.post(f"{self.base_url}/webhooks/rest/webhook", json=body, timeout=self.timeout)
            response.raise_for_status()
            raw = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(_failure(exc)) from exc
        if not isinstance(raw, list):
            raise RasaUnavailable("unexpected reply shape from Rasa")
        return messages_from_rasa([m for m in raw if isinstance(m, dict)], sender_id=sender_id)

    async def resume(self, *, sender_id: str) -> None:
        """Resume a paused tracker, ready for the user's next message.

        A paused conversation never ran ``action_listen`` after the action that paused
        it; appending it with ``resume`` gives the policies the usual "waiting for the
        user" state, without which the next message is mispredicted.
        """
        url = f"{self.base_url}/conversations/{sender_id}/tracker/events"
        events = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
        try:
            response = await self.http.post(
                url, params={"token": self.token, "include_events": "NONE"}, json=events, timeout=self.timeout
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(_failure(exc)) from exc

    async def is_paused(self, *, sender_id: str) -> bool:
        """Whether Rasa's tracker of this conversation is paused."""
        url = f"{self.base_url}/conversations/{sender_id}/tracker"
        try:
            response = await self.http.get(
                url, params={"token": self.token, "include_events": "NONE"}, timeout=self.timeout
            )
            response.raise_for_status()
            return bool(response.json().get("paused"))
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(_failure(exc)) from exc

    async def status(self) -> dict[str, Any]:
        """Rasa's ``/status`` (needs the API token); raises :class:`RasaUnavailable` when down."""
        try:
            response = await self.http.get(f"{self.base_url}/status", params={"token": self.token}, timeout=3.0)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(_failure(exc)) from exc
        if not data.get("model_file"):
            raise RasaUnavailable("Rasa is up but has no model loaded")
        return dict(data)

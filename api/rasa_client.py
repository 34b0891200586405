"""Talk to the Rasa server: send a user's message, translate the replies, check health.

Rasa's REST channel returns a list of messages; a custom payload (``json_message``
in an action) arrives as its own entry right after the text it belongs to. This
module folds ``{"citations": [...]}`` payloads into the preceding text message and
keeps any other custom keys (a hand-off, a service record) on that message.

>>> raw = [{"text": "答复", "buttons": [{"title": "有用", "payload": "/feedback"}]},
...        {"custom": {"citations": [{"document": "D", "doc_no": "N", "article": "（二）",
...                                   "departments": ["环评处"], "score": 1.0}]}}]
>>> [(m.text, len(m.buttons), m.citations[0]["article"]) for m in messages_from_rasa(raw)]
[('答复', 1, '（二）')]
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from pydantic import ValidationError

from api.schemas import Citation
from api.store.conversations import OutgoingMessage

logger = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer, or answered with an error."""


def _buttons(raw: Any) -> list[dict[str, str]]:
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in (raw or [])
        if isinstance(b, dict)
    ]


def citation_from_rasa(raw: Any) -> dict[str, Any] | None:
    """A citation in the API's :class:`Citation` shape, or ``None`` if it names no document and article.

    >>> citation_from_rasa({"document": "排污许可管理条例", "article": "第十四条"})["score"]
    0.0
    >>> citation_from_rasa({"document": "D"}) is None
    True
    """
    try:
        return Citation.model_validate(raw).model_dump()
    except ValidationError:
        return None


def messages_from_rasa(raw: list[dict[str, Any]]) -> list[OutgoingMessage]:
    """Rasa REST output → the gateway's messages (citations folded into their text)."""
    out: list[OutgoingMessage] = []
    for item in raw:
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
        if custom is not None and "text" not in item:
            found = [citation_from_rasa(c) for c in custom.get("citations", [])]
            citations = [c for c in found if c is not None]
            rest = {k: v for k, v in custom.items() if k != "citations"}
            if out:
                last = out[-1]
                out[-1] = OutgoingMessage(
                    text=last.text,
                    buttons=last.buttons,
                    citations=[*last.citations, *citations],
                    custom={**last.custom, **rest},
                )
            else:
                out.append(OutgoingMessage(text="", citations=citations, custom=rest))
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
            logger.warning("Rasa did not answer for conversation %s: %s", sender_id, type(exc).__name__)
            raise RasaUnavailable(str(exc)) from exc
        if not isinstance(raw, list):
            raise RasaUnavailable("unexpected reply shape from Rasa")
        return messages_from_rasa([m for m in raw if isinstance(m, dict)])

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
            logger.warning("Rasa refused to resume %s: %s", sender_id, type(exc).__name__)
            raise RasaUnavailable(str(exc)) from exc

    async def status(self) -> dict[str, Any]:
        """Rasa's ``/status`` (needs the API token); raises :class:`RasaUnavailable` when down."""
        try:
            response = await self.http.get(f"{self.base_url}/status", params={"token": self.token}, timeout=3.0)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        if not data.get("model_file"):
            raise RasaUnavailable("Rasa is up but has no model loaded")
        return dict(data)

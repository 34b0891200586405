"""Talking to the running gateway's chat API as a channel would."""

from __future__ import annotations

import httpx

from tests.integration.system import RunningSystem


def chat(system: RunningSystem, session_id: str, text: str) -> httpx.Response:
    return httpx.post(f"{system.gateway_url}/api/chat", json={"session_id": session_id, "text": text}, timeout=30)

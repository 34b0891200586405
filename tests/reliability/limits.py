"""The gateway's own limits at their defaults: what one abusive client at one address meets.

The load runs raise the per-address limits (every simulated user is 127.0.0.1), so these
are checked apart, on a gateway started alone with its default settings (Rasa is then down,
which the limits do not care about: they are checked before anything is stored). A burst on
one session, then new conversations from the one address, must be refused with a 429 that
carries ``Retry-After`` and a Chinese ``detail``, and never with a 5xx.
"""

from __future__ import annotations

import logging
from collections import Counter

import httpx
from limits import parse_many

from api.settings import Settings
from tests.reliability.exchange import refusal_of
from tests.reliability.verdict import Verdict

logger = logging.getLogger(__name__)

MARGIN = 10


def beyond(*notations: str) -> int:
    """A count just past the smallest of these limits (``limits`` notation, e.g. ``"20/minute;300/hour"``).

    >>> beyond("20/minute;300/hour", "120/minute")
    30
    """
    amounts = [item.amount for notation in notations if notation for item in parse_many(notation)]
    return min(amounts, default=0) + MARGIN


def _send(client: httpx.Client, session_id: str, index: int) -> httpx.Response:
    body = {"session_id": session_id, "text": "你好", "client_id": f"limit-{index}"}
    return client.post("/api/chat", json=body)


def check_limits(gateway_url: str) -> Verdict:
    """Burst one session, then open conversations from one address, and judge the refusals."""
    verdict = Verdict("rate limits at their defaults (gateway alone)")
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]  # pydantic-settings init argument
    session_burst = beyond(defaults.chat_rate_session)
    new_conversations = beyond(defaults.chat_rate_address, defaults.new_conversation_rate_address)
    verdict.notes.append(
        f"defaults: session {defaults.chat_rate_session}, address {defaults.chat_rate_address}, "
        f"new conversations {defaults.new_conversation_rate_address}"
    )
    with httpx.Client(base_url=gateway_url, timeout=30.0) as client:
        burst = [_send(client, "limit-burst", i) for i in range(session_burst)]
        opened = [_send(client, f"limit-new-{i:03d}", 0) for i in range(new_conversations)]
    for name, responses in (("a burst on one session", burst), ("new conversations from one address", opened)):
        statuses = Counter(r.status_code for r in responses)
        refused = [r for r in responses if r.status_code == 429]
        verdict.check(f"{name} is refused with 429", bool(refused), f"statuses {dict(statuses)}")
        unclear = [r for r in refused if not (refusal_of(r).clear and r.headers.get("Retry-After"))]
        example = f"e.g. {unclear[0].headers.get('Retry-After')!r} / {unclear[0].text[:120]}" if unclear else ""
        verdict.check(f"{name}: every 429 has Retry-After and a Chinese detail", not unclear, example)
        server_errors = {s: n for s, n in statuses.items() if s >= 500}
        verdict.check(f"{name}: no 5xx", not server_errors, f"statuses {dict(statuses)}")
        verdict.notes.append(f"{name}: {dict(sorted(statuses.items()))}")
    return verdict

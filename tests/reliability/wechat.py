"""Signed pushes to WeChat's callback (``/wechat/mp``, #16): a real text message, then hostile XML.

Unsigned requests are refused before the body is read, so the sweep of :mod:`hostile` only
reaches the signature check; these pushes carry a valid signature (the harness sets
``ECOASSIST_WECHAT_TOKEN``) so that the XML parser meets the entity bomb, the external
entity, the 5 MB body and the rest. The check: the real message is answered, nothing is a 5xx.
"""

from __future__ import annotations

import hashlib
import logging
import time

import httpx

from tests.reliability.hostile import HOSTILE_VALUES, Sweep, hostile_bodies, send_request
from tests.reliability.verdict import Verdict

logger = logging.getLogger(__name__)
PATH = "/wechat/mp"
OPENID = "o_reliability"


def wechat_query(token: str, timestamp: int | None = None, nonce: str = "reliability") -> dict[str, str]:
    """The signed query WeChat adds to each push: sha1 of the sorted token, timestamp and nonce.

    >>> wechat_query("test", 1410685589, "test")["signature"]
    'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff'
    """
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = hashlib.sha1("".join(sorted([token, stamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": stamp, "nonce": nonce}


WECHAT_TEXT = (
    "<xml><ToUserName><![CDATA[gh_reliability]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
    "<CreateTime>{stamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>"
    "<MsgId>{msg_id}</MsgId></xml>"
)


def sweep_wechat(base_url: str, token: str, verdict: Verdict) -> Sweep:
    """Signed pushes to ``/wechat/mp``: a real text message must be answered, hostile XML never a 5xx."""
    result = Sweep(routes=1)
    stamp = int(time.time())
    hostile_text = HOSTILE_VALUES["html"] + HOSTILE_VALUES["sql"]
    pushes = [
        ("text", WECHAT_TEXT.format(openid=OPENID, stamp=stamp, text="你好", msg_id=stamp).encode(), "text/xml"),
        (
            "text with hostile content",
            WECHAT_TEXT.format(openid=OPENID, stamp=stamp, text=hostile_text, msg_id=stamp + 1).encode(),
            "text/xml",
        ),
        *hostile_bodies(),
    ]
    statuses: list[int | str] = []
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for name, body, content_type in pushes:
            what, query = f"signed {name}", wechat_query(token)
            statuses.append(
                send_request(client, result, "POST", PATH, what, params=query, body=body, content_type=content_type)
            )
    verdict.check("a signed WeChat text message is answered", statuses[0] == 200, f"answered {statuses[0]}")
    verdict.check("signed hostile pushes to /wechat/mp get no 5xx", not result.failures, "; ".join(result.failures[:8]))
    verdict.notes.append(f"{result.requests} signed pushes to {PATH}")
    return result

"""The Official Account's callback protocol: verify, decrypt and parse a push; sign and encrypt a reply.

Everything cryptographic and every XML parse is wechatpy's (signatures, AES "safe mode",
message classes); this module decides what is refused:

- a missing or wrong ``signature`` (plain mode) or ``msg_signature`` (safe mode) → 403;
- a ``timestamp`` outside ``max_skew`` seconds of now (a replayed push) → 403;
- a body with a DOCTYPE or entity declaration, an oversized body, XML that does not parse,
  or ciphertext that does not decrypt for our AppID → 400.

>>> import hashlib
>>> channel = Channel(token="test", max_skew=None)
>>> channel.verify_url(signature="f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", timestamp="1410685589",
...                    nonce="test", echostr="hello")
'hello'
>>> channel.verify_url(signature="0" * 40, timestamp="1410685589", nonce="test", echostr="hello")
Traceback (most recent call last):
...
api.wechat.protocol.Refused: 403 bad signature
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from wechatpy import create_reply, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.utils import check_signature

MAX_BODY_BYTES = 16 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Refused(Exception):
    """A push the gateway does not accept: the HTTP ``status`` and why (for the log, never the body)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Push:
    """One verified push: the parsed message, and whether the reply must be encrypted."""

    message: BaseMessage
    encrypted: bool


def safe_xml(body: bytes) -> bytes:
    """``body`` if it is small and declares no DOCTYPE or entity (XXE, billion laughs); else :class:`Refused`."""
    if len(body) > MAX_BODY_BYTES:
        raise Refused(400, "body too large")
    if _DECLARATION.search(body):
        raise Refused(400, "DOCTYPE or entity declaration")
    return body


class Channel:
    """One Official Account's credentials: the callback token and, for safe mode, the AES key and AppID."""

    def __init__(
        self, *, token: str, encoding_aes_key: str = "", app_id: str = "", max_skew: float | None = 300.0
    ) -> None:
        self.token = token
        self.app_id = app_id
        self.max_skew = max_skew
        self.crypto = WeChatCrypto(token, encoding_aes_key, app_id) if encoding_aes_key else None

    def _fresh(self, timestamp: str) -> None:
        if not timestamp.isascii() or not timestamp.isdigit():
            raise Refused(403, "bad timestamp")
        if self.max_skew is not None and abs(time.time() - int(timestamp)) > self.max_skew:
            raise Refused(403, "timestamp outside the window")

    def _signed(self, signature: str, timestamp: str, nonce: str) -> None:
        if not (signature and timestamp and nonce):
            raise Refused(403, "missing signature")
        self._fresh(timestamp)
        try:
            check_signature(self.token, signature, timestamp, nonce)
        except InvalidSignatureException as exc:
            raise Refused(403, "bad signature") from exc

    def verify_url(self, *, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The ``echostr`` to answer WeChat's URL check with, if the signature is ours."""
        self._signed(signature, timestamp, nonce)
        return echostr

    def read(
        self,
        body: bytes,
        *,
        signature: str,
        timestamp: str,
        nonce: str,
        msg_signature: str = "",
        encrypt_type: str = "",
    ) -> Push:
        """Verify and parse one push (plain, or safe mode when ``encrypt_type=aes``)."""
        self._signed(signature, timestamp, nonce)
        xml = safe_xml(body)
        encrypted = encrypt_type == "aes"
        if self.crypto is not None and not encrypted:
            # in plain mode the signature does not cover the body: with a key, only safe mode counts
            raise Refused(403, "plain push while safe mode is configured")
        if encrypted:
            if self.crypto is None:
                raise Refused(400, "safe mode without an EncodingAESKey")
            if not msg_signature:
                raise Refused(403, "missing msg_signature")
            try:
                xml = safe_xml(self.crypto.decrypt_message(xml, msg_signature, timestamp, nonce).encode())
            except InvalidSignatureException as exc:
                raise Refused(403, "bad msg_signature") from exc
            except InvalidAppIdException as exc:
                raise Refused(403, "another AppID") from exc
            except Refused:
                raise
            except Exception as exc:  # corrupt Base64, padding or XML inside the ciphertext
                raise Refused(400, f"undecryptable ({type(exc).__name__})") from exc
        try:
            message = parse_message(xml)
        except Exception as exc:  # xmltodict's ExpatError, a missing MsgType, …
            raise Refused(400, f"unparsable ({type(exc).__name__})") from exc
        if message is None:
            raise Refused(400, "empty body")
        try:  # wechatpy converts these lazily; a malformed one would fail later, as a 500
            _ = (message.id, message.create_time, message.source)
        except Exception as exc:
            raise Refused(400, f"malformed field ({type(exc).__name__})") from exc
        return Push(message, encrypted)

    def reply(self, push: Push, text: str, *, nonce: str, timestamp: str) -> str:
        """The passive reply XML to ``push`` (encrypted when the push was).

        wechatpy wraps the text in CDATA without splitting a ``]]>`` inside it, which would end
        the section early; the split is done here.
        """
        printable = _CONTROL.sub("", text).replace("]]>", "]]]]><![CDATA[>")  # XML 1.0 forbids controls
        xml: str = create_reply(printable, push.message).render()
        if push.encrypted and self.crypto is not None:
            return str(self.crypto.encrypt_message(xml, nonce, timestamp))
        return xml

"""WeCom 微信客服 (WeChat customer service): the callback tells that messages wait; they are pulled
with ``kf/sync_msg`` and answered with ``kf/send_msg``.

The callback (always encrypted, WeCom's ``msg_signature``) carries no message, only the event
``kf_msg_or_event`` with a sync token; the gateway answers ``success`` at once and pulls the
messages in the background, one sync at a time per customer-service account, from the cursor
stored in the database. The cursor is saved after each page is answered, and each message is
delivered with ``client_id`` ``kf:<msgid>`` and marked answered once its answer went out (or
was kept), so a restart neither answers a message twice nor skips one; a sync that fails is
tried again after 1, 5 and 30 s. A conversation is keyed by ``<open_kfid>|<external_userid>``. Replies are rendered
as for the Official Account (numbered options, 「条款」, parts of at most 2,048 bytes).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidSignatureException

from api.relay import Relay
from api.store.wechat import mark_answered, read_cursor, save_cursor, was_answered
from api.store.worker import DatabaseWorker, StorageUnavailable
from api.wechat.conversation import interpret
from api.wechat.customer_service import CustomerService, CustomerServiceError
from api.wechat.protocol import Refused, safe_xml
from api.wechat.rendering import split
from api.wechat.text_channel import TextChannel
from knowledge.texts import text

logger = logging.getLogger(__name__)

CUSTOMER = 3  # a sync_msg message's ``origin``: 3 the customer, 4 the system, 5 a servicer
PAGE = 1000
SYNC_RETRY_S = (1.0, 5.0, 30.0)


class KfCallback:
    """The 微信客服 callback's credentials and checks (the same refusals as the Official Account's)."""

    def __init__(self, *, token: str, encoding_aes_key: str, corp_id: str, max_skew: float | None = 300.0) -> None:
        self.crypto = WeComCrypto(token, encoding_aes_key, corp_id)
        self.max_skew = max_skew

    def _fresh(self, msg_signature: str, timestamp: str, nonce: str) -> None:
        if not (msg_signature and timestamp and nonce) or not timestamp.isascii() or not timestamp.isdigit():
            raise Refused(403, "missing signature")
        if self.max_skew is not None and abs(time.time() - int(timestamp)) > self.max_skew:
            raise Refused(403, "timestamp outside the window")

    def verify_url(self, *, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The decrypted ``echostr`` WeCom expects back when it checks the URL."""
        self._fresh(msg_signature, timestamp, nonce)
        try:
            return str(self.crypto.check_signature(msg_signature, timestamp, nonce, echostr))
        except InvalidSignatureException as exc:
            raise Refused(403, "bad msg_signature") from exc
        except Exception as exc:  # corrupt Base64 or padding, another corp id
            raise Refused(400, f"undecryptable ({type(exc).__name__})") from exc

    def read(self, body: bytes, *, msg_signature: str, timestamp: str, nonce: str) -> tuple[str, str]:
        """``(sync token, open_kfid)`` of a ``kf_msg_or_event`` push."""
        self._fresh(msg_signature, timestamp, nonce)
        try:
            inner = safe_xml(self.crypto.decrypt_message(safe_xml(body), msg_signature, timestamp, nonce).encode())
            event = xmltodict.parse(inner)["xml"]
        except Refused:
            raise
        except (InvalidSignatureException, InvalidCorpIdException) as exc:
            raise Refused(403, type(exc).__name__) from exc
        except Exception as exc:
            raise Refused(400, f"undecryptable ({type(exc).__name__})") from exc
        if event.get("Event") != "kf_msg_or_event" or not event.get("OpenKfId"):
            raise Refused(400, "not a kf_msg_or_event")
        return str(event.get("Token") or ""), str(event["OpenKfId"])


class WeComService(TextChannel):
    """The 微信客服 accounts' conversations (one per gateway process)."""

    channel = "wecom"

    def __init__(self, *, relay: Relay, store: DatabaseWorker, api: CustomerService) -> None:
        super().__init__(relay=relay, store=store)
        self.api = api
        self._syncing: dict[str, asyncio.Lock] = {}

    async def send_one(self, user: str, content: str) -> None:
        """``kf/send_msg`` to the customer of ``<open_kfid>|<external_userid>``."""
        open_kfid, external_userid = user.split("|", 1)
        body = {"touser": external_userid, "open_kfid": open_kfid, "msgtype": "text", "text": {"content": content}}
        await self.api.call(lambda client: client.post("kf/send_msg", data=body))

    def messages_waiting(self, *, sync_token: str, open_kfid: str) -> None:
        """The callback's news: pull and answer in the background, trying again a few times."""
        self._later(self._sync_retrying(sync_token=sync_token, open_kfid=open_kfid))

    async def _sync_retrying(self, *, sync_token: str, open_kfid: str) -> None:
        for delay in (*SYNC_RETRY_S, None):
            try:
                await self.sync(sync_token=sync_token, open_kfid=open_kfid)
                return
            except (CustomerServiceError, StorageUnavailable) as exc:
                if delay is None:
                    raise
                logger.warning("WeCom sync failed (%s); again in %s s", exc, delay)
                await asyncio.sleep(delay)  # a back-off before the next try, not a synchronisation

    async def sync(self, *, sync_token: str, open_kfid: str) -> None:
        """Pull every message since the stored cursor and answer the customers' ones, page by page."""
        async with self._syncing.setdefault(open_kfid, asyncio.Lock()):
            cursor = await self.store(read_cursor, open_kfid=open_kfid)
            while True:
                page = await self._page(cursor=cursor, sync_token=sync_token, open_kfid=open_kfid)
                for message in page.get("msg_list") or []:
                    if message.get("origin") == CUSTOMER:
                        await self._answer(message)
                cursor = str(page.get("next_cursor") or cursor)
                await self.store(save_cursor, open_kfid=open_kfid, cursor=cursor)
                if not page.get("has_more"):
                    return

    async def _page(self, *, cursor: str, sync_token: str, open_kfid: str) -> dict[str, Any]:
        """One ``kf/sync_msg`` page after ``cursor``."""
        request = {"cursor": cursor, "token": sync_token, "limit": PAGE, "open_kfid": open_kfid}
        page: dict[str, Any] = await self.api.call(lambda client: client.post("kf/sync_msg", data=request))
        return page

    async def _answer(self, message: dict[str, Any]) -> None:
        msgid = str(message.get("msgid", ""))
        if await self.store(was_answered, msgid=msgid):  # read again (a cursor lost in a crash)
            return
        await self._reply(message)
        await self.store(mark_answered, msgid=msgid)

    async def _reply(self, message: dict[str, Any]) -> None:
        user = f"{message.get('open_kfid', '')}|{message.get('external_userid', '')}"
        if message.get("msgtype") != "text":
            await self._send(user, [text("wechat_text_only")], "")
            return
        said, direct = await self.store(
            interpret, channel=self.channel, user=user, said=str(message.get("text", {}).get("content", ""))
        )
        if direct is not None:
            await self._send(user, split(direct), "")
            return
        delivery = await self.relay.deliver(
            channel=self.channel, session_id=user, message_text=str(said), client_id=f"kf:{message.get('msgid')}"
        )
        # a duplicate was stored before a crash but its answer may never have gone out: send it
        reply = await self._with_kept(user, delivery.replies)
        if reply:
            await self._send(user, split(reply), delivery.conversation.id)

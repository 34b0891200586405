"""The Official Account's customer-service API: send a user text after the 5-second window.

The access token is fetched through wechatpy, stored in the database (every gateway worker
reads the same one, since fetching a new token invalidates the old after a few minutes),
refreshed ``refresh_before`` seconds before it expires, and refreshed once more when WeChat
answers 40001/42001/40014 anyway. 45015 (the user's 48-hour window closed), 45047 (the
quota for this user message is spent) and 45002 (too long) raise :class:`Undeliverable`: the
caller keeps the reply for when the user writes again and tells staff. wechatpy's client is
synchronous (requests), so each call runs on a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from wechatpy.client import WeChatClient
from wechatpy.client.base import BaseWeChatClient
from wechatpy.enterprise.client import WeChatClient as WeComClient
from wechatpy.exceptions import WeChatClientException

from api.store.wechat import read_token, save_token
from api.store.worker import DatabaseWorker
from knowledge.texts import text

logger = logging.getLogger(__name__)

T = TypeVar("T")
TOKEN_ERRORS = {40001, 40014, 42001}
UNDELIVERABLE = {45015, 45047, 45002}


class Undeliverable(Exception):
    """WeChat refused the message for a reason that waiting for the user's next message cures."""

    def __init__(self, errcode: int) -> None:
        super().__init__(str(errcode))
        self.errcode = errcode
        self.reason = text(f"wechat_refused_{errcode}")


class CustomerServiceError(Exception):
    """The API could not be reached, or refused for another reason (logged by code, never content)."""


class _OfficialAccountClient(WeChatClient):
    """wechatpy's Official Account client pointed at ``api_base`` (the real API, or a test server)."""

    def __init__(self, *, app_id: str, secret: str, api_base: str, access_token: str | None, timeout: float) -> None:
        self.API_BASE_URL = api_base.rstrip("/") + "/cgi-bin/"
        super().__init__(app_id, secret, access_token=access_token, timeout=timeout, auto_retry=False)

    def fetch_access_token(self) -> dict[str, Any]:
        params = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        result: dict[str, Any] = self._fetch_access_token(url=self.API_BASE_URL + "token", params=params)
        return result


class _WeComClient(WeComClient):
    """wechatpy's WeCom client pointed at ``api_base``; 微信客服 is called through its generic ``post``."""

    def __init__(self, *, corp_id: str, secret: str, api_base: str, access_token: str | None, timeout: float) -> None:
        self.API_BASE_URL = api_base.rstrip("/") + "/cgi-bin/"
        super().__init__(corp_id, secret, access_token=access_token, timeout=timeout, auto_retry=False)

    def fetch_access_token(self) -> dict[str, Any]:
        params = {"corpid": self.corp_id, "corpsecret": self.secret}
        result: dict[str, Any] = self._fetch_access_token(url=self.API_BASE_URL + "gettoken", params=params)
        return result


ClientFactory = Callable[[str | None], BaseWeChatClient]


def official_account_client(*, app_id: str, secret: str, api_base: str, timeout: float = 5.0) -> ClientFactory:
    """Clients of the Official Account's API, given the token to use (``None``: to fetch one)."""
    return lambda token: _OfficialAccountClient(
        app_id=app_id, secret=secret, api_base=api_base, access_token=token, timeout=timeout
    )


def wecom_client(*, corp_id: str, secret: str, api_base: str, timeout: float = 5.0) -> ClientFactory:
    """Clients of WeCom's API (微信客服), given the token to use (``None``: to fetch one)."""
    return lambda token: _WeComClient(
        corp_id=corp_id, secret=secret, api_base=api_base, access_token=token, timeout=timeout
    )


class CustomerService:
    """One account's API calls, with the access token shared through the database."""

    def __init__(
        self, *, key: str, client: ClientFactory, store: DatabaseWorker, refresh_before: float = 300.0
    ) -> None:
        self.key = key
        self.client = client
        self.store = store
        self.refresh_before = refresh_before
        self._lock = asyncio.Lock()

    async def access_token(self, *, stale: str | None = None) -> str:
        """The shared token; a new one when it is near expiry or equals ``stale`` (refused just now)."""
        async with self._lock:  # one fetch at a time in this worker
            stored = await self.store(read_token, app_id=self.key)
            if stored is not None and stored[0] != stale and stored[1] - time.time() > self.refresh_before:
                return stored[0]
            try:
                result = await asyncio.to_thread(self.client(None).fetch_access_token)
            except (WeChatClientException, OSError) as exc:
                raise CustomerServiceError(f"token: {getattr(exc, 'errcode', type(exc).__name__)}") from exc
            token = str(result["access_token"])
            expires_at = time.time() + float(result.get("expires_in", 7200))
            await self.store(save_token, app_id=self.key, token=token, expires_at=expires_at)
            logger.info("WeChat access token refreshed")
            return token

    async def call(self, action: Callable[[BaseWeChatClient], T]) -> T:
        """``action(client)`` on a worker thread; a token WeChat calls invalid is refreshed once and
        the call retried; 45015/45047/45002 raise :class:`Undeliverable`."""
        token = await self.access_token()
        for attempt in (1, 2):
            try:
                return await asyncio.to_thread(action, self.client(token))
            except WeChatClientException as exc:
                code = int(exc.errcode or 0)
                if code in TOKEN_ERRORS and attempt == 1:
                    token = await self.access_token(stale=token)
                    continue
                if code in UNDELIVERABLE:
                    raise Undeliverable(code) from exc
                raise CustomerServiceError(f"{code or type(exc).__name__}") from exc
            except OSError as exc:  # requests' connection errors are OSErrors
                raise CustomerServiceError(type(exc).__name__) from exc
        raise CustomerServiceError("token refused twice")

    async def send_text(self, *, openid: str, content: str) -> None:
        """An Official Account customer-service text to one user."""
        await self.call(lambda client: client.message.send_text(openid, content))

"""``/wechat/mp``: the Official Account's callback (URL check, and every push); ``/wechat/kf``:
WeCom 微信客服's (URL check, and the news that messages wait).

The route answers 404 until ``ECOASSIST_WECHAT_TOKEN`` is set. A refused push (bad
signature, stale timestamp, DOCTYPE, oversized or undecryptable body) gets its status and an
empty body and is never stored; the reason is logged, never the body. What a verified push
gets is decided in :mod:`api.wechat.official_account`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from api.deps import ServicesDep
from api.errors import ApiError
from api.services import Services
from api.wechat.protocol import Channel, Refused
from api.wechat.wecom_service import KfCallback

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/wechat", tags=["wechat"])
Param = Annotated[str, Query(max_length=128)]


def _channel(services: Services) -> Channel:
    if services.wechat is None or services.official_account is None:
        raise ApiError(404, "not_found")
    return services.wechat


def _refused(exc: Refused) -> Response:
    logger.warning("WeChat push refused: %s", exc.reason)
    return Response(status_code=exc.status)


@router.get("/mp", response_class=PlainTextResponse, responses={403: {}, 404: {}})
async def verify(
    services: ServicesDep, signature: Param = "", timestamp: Param = "", nonce: Param = "", echostr: Param = ""
) -> Response:
    """WeChat's check of the server URL: the ``echostr`` back when the signature is ours."""
    try:
        return PlainTextResponse(
            _channel(services).verify_url(signature=signature, timestamp=timestamp, nonce=nonce, echostr=echostr)
        )
    except Refused as exc:
        return _refused(exc)


@router.post("/mp", responses={400: {}, 403: {}, 404: {}})
async def push(
    request: Request,
    services: ServicesDep,
    signature: Param = "",
    timestamp: Param = "",
    nonce: Param = "",
    msg_signature: Param = "",
    encrypt_type: Param = "",
) -> Response:
    """A message or event: a passive reply within WeChat's 5 s, or ``success`` and the answer later."""
    arrived = asyncio.get_running_loop().time()
    channel = _channel(services)
    try:
        pushed = channel.read(
            await request.body(),
            signature=signature,
            timestamp=timestamp,
            nonce=nonce,
            msg_signature=msg_signature,
            encrypt_type=encrypt_type,
        )
    except Refused as exc:
        return _refused(exc)
    assert services.official_account is not None
    reply = await services.official_account.answer(pushed.message, arrived=arrived)
    if not reply:
        return PlainTextResponse("success")
    xml = channel.reply(pushed, reply, nonce=nonce, timestamp=str(int(time.time())))
    return Response(xml, media_type="application/xml")


def _kf(services: Services) -> KfCallback:
    if services.kf_callback is None or services.wecom is None:
        raise ApiError(404, "not_found")
    return services.kf_callback


@router.get("/kf", response_class=PlainTextResponse, responses={400: {}, 403: {}, 404: {}})
async def verify_kf(
    services: ServicesDep, msg_signature: Param = "", timestamp: Param = "", nonce: Param = "", echostr: Param = ""
) -> Response:
    """WeCom's check of the server URL: the decrypted ``echostr``."""
    try:
        return PlainTextResponse(
            _kf(services).verify_url(msg_signature=msg_signature, timestamp=timestamp, nonce=nonce, echostr=echostr)
        )
    except Refused as exc:
        return _refused(exc)


@router.post("/kf", response_class=PlainTextResponse, responses={400: {}, 403: {}, 404: {}})
async def kf_push(
    request: Request, services: ServicesDep, msg_signature: Param = "", timestamp: Param = "", nonce: Param = ""
) -> Response:
    """Messages wait in 微信客服: ``success`` now, and they are pulled and answered in the background."""
    callback = _kf(services)
    try:
        sync_token, open_kfid = callback.read(
            await request.body(), msg_signature=msg_signature, timestamp=timestamp, nonce=nonce
        )
    except Refused as exc:
        return _refused(exc)
    assert services.wecom is not None
    services.wecom.messages_waiting(sync_token=sync_token, open_kfid=open_kfid)
    return PlainTextResponse("success")

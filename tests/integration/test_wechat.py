"""The Official Account through the real system: a signed push gets a cited answer from Rasa,
options are answered by digit, and a walk-through starts."""

from __future__ import annotations

import time

import httpx
import xmltodict
from wechatpy.utils import WeChatSigner

from tests.integration.conftest import WECHAT_TOKEN
from tests.integration.system import RunningSystem

SEED_DOC_NO = "沪环综〔2021〕224号"


def push(system: RunningSystem, content: str, msg_id: int, openid: str) -> httpx.Response:
    timestamp, nonce = str(int(time.time())), f"n{msg_id}"
    signer = WeChatSigner()
    signer.add_data(WECHAT_TOKEN, timestamp, nonce)
    xml = (
        f"<xml><ToUserName><![CDATA[gh_bureau]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )
    params = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}
    return httpx.post(f"{system.gateway_url}/wechat/mp", params=params, content=xml.encode(), timeout=10)


def answer(response: httpx.Response) -> str:
    assert response.status_code == 200 and response.text != "success", response.text
    return str(xmltodict.parse(response.text)["xml"]["Content"])


def test_a_signed_question_gets_a_cited_passive_answer(system: RunningSystem) -> None:
    said = answer(push(system, "临港的两证合一试点是什么意思？", 1, "oIT-cited"))
    assert "两证合一" in said and SEED_DOC_NO in said
    assert said.splitlines()[-1] == "回复“条款”查看原文"
    clause = answer(push(system, "条款", 2, "oIT-cited"))
    assert SEED_DOC_NO in clause


def test_a_service_item_starts_by_digit(system: RunningSystem) -> None:
    offered = answer(push(system, "我要办事", 10, "oIT-digit"))
    options = [line for line in offered.splitlines() if line.startswith("回复 ")]
    assert len(options) >= 2
    first_item = options[0].split("  ", 1)[1]
    started = answer(push(system, "1", 11, "oIT-digit"))
    assert first_item in started

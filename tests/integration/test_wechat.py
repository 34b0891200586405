"""The Official Account through the real system: a signed push gets a cited answer from Rasa,
options are answered by digit, and a walk-through starts."""

from __future__ import annotations

import re
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


def options(said: str) -> list[str]:
    """The titles of the numbered options, in order."""
    return [line.split("  ", 1)[1] for line in said.splitlines() if line.startswith("回复 ") and "  " in line]


def test_a_walk_through_by_digits_ends_in_a_numbered_record(system: RunningSystem) -> None:
    offered = answer(push(system, "我要办事", 10, "oIT-digit"))
    items = options(offered)
    assert len(items) >= 2
    said = answer(push(system, "1", 11, "oIT-digit"))
    assert items[0] in said
    for msg_id in range(12, 40):  # each question answered with the first real option's digit
        if "HB-" in said:
            break
        titles = options(said)
        pick = next(n for n, title in enumerate(titles, start=1) if title not in ("不办了", "上一步"))
        said = answer(push(system, str(pick), msg_id, "oIT-digit"))
    assert re.search(r"HB-\d{8}-\d{4}", said), said

"""The Official Account callback over HTTP: official vectors, signed and encrypted requests built
with wechatpy, a scripted bot in place of Rasa, and a fake WeChat API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
import xmltodict
from fastapi.testclient import TestClient
from pydantic import SecretStr
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from api.main import create_app
from api.settings import Settings
from api.store.conversations import OutgoingMessage
from api.store.database import open_database
from api.store.staff import add_staff
from knowledge.payloads import BotPayload, Citation, Handoff
from knowledge.texts import text
from tests.api.wechat_server import FakeWeChat
from tests.conftest import SHARED

VECTORS = json.loads((SHARED / "wechat" / "vectors.json").read_text("utf-8"))
TOKEN = "ecoassist-test"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APP_ID = "wx2c2769f8efd9abc2"
OPENID = "oUSER-1"


@dataclass
class Bot:
    """Answers by script (text → replies, else an echo); can be held to exceed the 5-second window."""

    script: dict[str, list[OutgoingMessage]] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)
    hold: float = 0.0
    gate: threading.Event | None = None  # when set by a test: no answer until the test opens it

    async def send(self, *, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[OutgoingMessage]:
        self.received.append(text)
        await asyncio.sleep(self.hold)  # the slow-answer path: Rasa busy past the passive window
        if self.gate is not None:
            await asyncio.to_thread(self.gate.wait, 30)
        return self.script.get(text, [OutgoingMessage(text=f"答：{text}")])

    async def resume(self, *, sender_id: str) -> None:
        pass

    async def is_paused(self, *, sender_id: str) -> bool:
        return False


def settings_for(settings_env: Settings, api: FakeWeChat, **update: Any) -> Settings:
    return settings_env.model_copy(
        update={
            "wechat_token": SecretStr(TOKEN),
            "wechat_app_id": APP_ID,
            "wechat_app_secret": SecretStr("app-secret"),
            "wechat_api_base": api.url,
            "wechat_passive_seconds": 1.0,
            **update,
        }
    )


def vector_settings(settings_env: Settings, api: FakeWeChat, vector: dict[str, Any]) -> Settings:
    """Safe mode with a test vector's credentials; its timestamp is old, so no clock window."""
    return settings_for(
        settings_env,
        api,
        wechat_token=SecretStr(vector["token"]),
        wechat_encoding_aes_key=SecretStr(vector["encoding_aes_key"]),
        wechat_app_id=vector["appid"],
        wechat_max_clock_skew=1e10,
    )


@pytest.fixture
def bot() -> Bot:
    return Bot()


@pytest.fixture
def client(settings_env: Settings, wechat_api: FakeWeChat, bot: Bot) -> Iterator[TestClient]:
    app = create_app(settings_for(settings_env, wechat_api))
    with TestClient(app) as client:
        app.state.services.relay.bot = bot
        yield client


def signed(token: str = TOKEN, timestamp: str | None = None, nonce: str = "nonce-1") -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}


def text_xml(content: str, msg_id: int = 1001, openid: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[gh_bureau]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(event: str, key: str = "", openid: str = OPENID, created: int = 1700000000) -> str:
    return (
        f"<xml><ToUserName><![CDATA[gh_bureau]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>"
    )


def post(client: TestClient, xml: str, **params: str) -> Any:
    return client.post("/wechat/mp", params={**signed(), **params}, content=xml.encode())


def reply_text(response: Any) -> str:
    assert response.status_code == 200, response.text
    return str(xmltodict.parse(response.text)["xml"]["Content"])


# ---------------------------------------------------------------- URL check and signatures


def test_the_official_plain_vector_verifies(settings_env: Settings, wechat_api: FakeWeChat) -> None:
    vector = VECTORS["mp_plain_signature"]
    settings = settings_for(
        settings_env, wechat_api, wechat_token=SecretStr(vector["token"]), wechat_max_clock_skew=1e10
    )
    params = {k: vector[k] for k in ("signature", "timestamp", "nonce")}
    with TestClient(create_app(settings)) as client:
        assert client.get("/wechat/mp", params={**params, "echostr": "e-123"}).text == "e-123"
        bad = {**params, "signature": vector["bad_signature"], "echostr": "e-123"}
        assert client.get("/wechat/mp", params=bad).status_code == 403


@pytest.mark.parametrize("drop", ["signature", "timestamp", "nonce"])
def test_a_missing_parameter_is_403(client: TestClient, drop: str) -> None:
    params = {k: v for k, v in signed().items() if k != drop}
    assert client.get("/wechat/mp", params={**params, "echostr": "x"}).status_code == 403


def test_a_replayed_push_outside_the_clock_window_is_403_and_not_stored(
    client: TestClient, settings_env: Settings
) -> None:
    stale = signed(timestamp=str(int(time.time()) - 3600))
    assert client.post("/wechat/mp", params=stale, content=text_xml("你好").encode()).status_code == 403
    assert open_database(settings_env.database_path)["messages"].count == 0


def test_without_a_token_the_route_does_not_exist(settings_env: Settings) -> None:
    with TestClient(create_app(settings_env)) as client:
        assert client.get("/wechat/mp", params=signed()).status_code == 404
        assert client.post("/wechat/mp", params=signed(), content=b"<xml/>").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
        b"<xml>" + b"x" * 20000 + b"</xml>",
        b"<xml><not closed",
    ],
)
def test_hostile_bodies_are_400_and_nothing_is_stored(client: TestClient, settings_env: Settings, body: bytes) -> None:
    assert client.post("/wechat/mp", params=signed(), content=body).status_code == 400
    assert open_database(settings_env.database_path)["messages"].count == 0


# ---------------------------------------------------------------- safe mode


def test_the_official_encrypted_sample_decrypts(settings_env: Settings, wechat_api: FakeWeChat) -> None:
    vector = VECTORS["mp_official_sample_decrypt"]
    settings = vector_settings(settings_env, wechat_api, vector)
    channel_crypto = WeChatCrypto(vector["token"], vector["encoding_aes_key"], vector["appid"])
    xml = f"<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[{vector['encrypt']}]]></Encrypt></xml>"
    app = create_app(settings)
    with TestClient(app) as client:
        bot = Bot()
        app.state.services.relay.bot = bot
        params = {
            **signed(token=vector["token"], timestamp=vector["timestamp"], nonce=vector["nonce"]),
            "msg_signature": vector["msg_signature"],
            "encrypt_type": "aes",
        }
        response = client.post("/wechat/mp", params=params, content=xml.encode())
    assert response.status_code == 200
    assert bot.received == [vector["expect_content"]]
    encrypted = xmltodict.parse(response.text)["xml"]
    inner = channel_crypto.decrypt_message(
        response.text, encrypted["MsgSignature"], encrypted["TimeStamp"], encrypted["Nonce"]
    )
    assert xmltodict.parse(inner)["xml"]["Content"] == f"答：{vector['expect_content']}"


def encrypted_push(xml: str, *, app_id: str = APP_ID, tamper: bool = False) -> tuple[dict[str, str], bytes]:
    params = signed()
    wrapped = WeChatCrypto(TOKEN, AES_KEY, app_id).encrypt_message(xml, params["nonce"], params["timestamp"])
    fields = xmltodict.parse(wrapped)["xml"]
    encrypt = fields["Encrypt"][:-8] + "!!!!!!!=" if tamper else fields["Encrypt"]
    body = f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>".encode()
    return {**params, "msg_signature": fields["MsgSignature"], "encrypt_type": "aes"}, body


@pytest.fixture
def safe_client(settings_env: Settings, wechat_api: FakeWeChat, bot: Bot) -> Iterator[TestClient]:
    """The Official Account in safe mode (an EncodingAESKey configured)."""
    app = create_app(settings_for(settings_env, wechat_api, wechat_encoding_aes_key=SecretStr(AES_KEY)))
    with TestClient(app) as client:
        app.state.services.relay.bot = bot
        yield client


def test_an_encrypted_round_trip(safe_client: TestClient, bot: Bot) -> None:
    client = safe_client
    params, body = encrypted_push(text_xml("排污许可证怎么办"))
    response = client.post("/wechat/mp", params=params, content=body)
    fields = xmltodict.parse(response.text)["xml"]
    inner = WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(
        response.text, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
    )
    assert xmltodict.parse(inner)["xml"]["Content"] == "答：排污许可证怎么办"


def test_safe_mode_failures_are_refused(safe_client: TestClient, bot: Bot) -> None:
    client = safe_client
    plain = post(client, text_xml("你好"))  # the signature of a plain push does not cover its body
    assert plain.status_code == 403
    params, body = encrypted_push(text_xml("你好"))
    assert client.post("/wechat/mp", params={**params, "msg_signature": "0" * 40}, content=body).status_code == 403
    params, body = encrypted_push(text_xml("你好"), app_id="wxSOMEONEELSE00001")
    assert client.post("/wechat/mp", params=params, content=body).status_code == 403
    params, body = encrypted_push(text_xml("你好"), tamper=True)
    assert client.post("/wechat/mp", params=params, content=body).status_code in (400, 403)
    assert bot.received == []


# ---------------------------------------------------------------- conversation


def test_a_text_gets_a_passive_answer_keyed_by_openid(
    client: TestClient, bot: Bot, settings_env: Settings, wechat_api: FakeWeChat
) -> None:
    assert reply_text(post(client, text_xml("两证合一是什么"))) == "答：两证合一是什么"
    assert (wechat_api.sends, wechat_api.tokens_issued) == ([], 0)  # the fast path needs no API
    rows = list(open_database(settings_env.database_path)["conversations"].rows)
    assert [(r["channel"], r["session_id"]) for r in rows] == [("wechat", OPENID)]


def test_three_deliveries_of_one_msgid_reach_the_bot_once(client: TestClient, bot: Bot) -> None:
    answers = [reply_text(post(client, text_xml("你好", msg_id=77))) for _ in range(3)]
    assert bot.received == ["你好"] and answers == ["答：你好"] * 3


def test_awkward_characters_give_well_formed_xml(client: TestClient, bot: Bot) -> None:
    awkward = "a ]]> b <c> & 😀"
    bot.script["特殊字符"] = [OutgoingMessage(text=awkward)]
    assert reply_text(post(client, text_xml("特殊字符"))) == awkward
    # and the same characters sent by the user, CDATA split as a proper sender does
    said = text_xml("x", msg_id=2).replace("<![CDATA[x]]>", "<![CDATA[a ]]]]><![CDATA[> b <c> & 😀]]>")
    assert reply_text(post(client, said)) == "答：" + awkward


def test_buttons_are_numbered_and_a_digit_sends_the_payload(client: TestClient, bot: Bot) -> None:
    buttons = [{"title": "是的", "payload": "/affirm"}, {"title": "不用了", "payload": "/deny"}]
    bot.script["我要办排污证"] = [OutgoingMessage(text="您是想办理『排污许可』吗？", buttons=buttons)]
    shown = reply_text(post(client, text_xml("我要办排污证")))
    assert shown.splitlines()[1:] == ["回复 1  是的", "回复 2  不用了"]
    post(client, text_xml("1", msg_id=1002))
    assert bot.received[-1] == "/affirm"


def test_clauses_are_offered_and_shown_on_request(client: TestClient, bot: Bot) -> None:
    cited = Citation(document="排污许可管理条例", doc_no="", article="第十四条", text="排污单位应当……")
    bot.script["要不要排污证"] = [OutgoingMessage(text="需要。", payload=BotPayload(citations=[cited]))]
    assert reply_text(post(client, text_xml("要不要排污证"))).endswith("回复“条款”查看原文")
    assert "排污单位应当……" in reply_text(post(client, text_xml("条款", msg_id=1003)))
    assert bot.received == ["要不要排污证"]


def test_a_slow_answer_says_success_at_once_then_comes_by_the_api_once(
    client: TestClient, bot: Bot, wechat_api: FakeWeChat
) -> None:
    bot.gate = threading.Event()  # Rasa busy until the test says: past the 1 s passive window
    try:
        first = post(client, text_xml("慢问题", msg_id=500))
        assert (first.status_code, first.text) == (200, "success")  # answered while the bot still works
        assert post(client, text_xml("慢问题", msg_id=500)).text == "success"  # WeChat's retry
        assert wechat_api.sends == []
    finally:
        bot.gate.set()  # never leave the bot's thread waiting
    [sent] = wechat_api.wait_for_sends(1)
    assert (sent["touser"], sent["content"], sent["token"]) == (OPENID, "答：慢问题", "TOKEN-1")
    assert bot.received == ["慢问题"]


def test_a_long_answer_is_split_within_the_quota(client: TestClient, bot: Bot, wechat_api: FakeWeChat) -> None:
    long = "。".join(["这是一条很长的答复中的一句话"] * 400) + "。"
    bot.script["长"] = [OutgoingMessage(text=long)]
    passive = reply_text(post(client, text_xml("长")))
    assert len(passive.encode()) <= 2048
    sends = wechat_api.wait_for_sends(4)
    assert len(sends) == 4 and all(len(s["content"].encode()) <= 2048 for s in sends)
    assert sends[-1]["content"].endswith(text("wechat_cut"))


@pytest.mark.parametrize("code", [40001, 40014, 42001])
def test_an_invalid_token_is_refreshed_once(client: TestClient, bot: Bot, wechat_api: FakeWeChat, code: int) -> None:
    bot.hold = 1.5
    wechat_api.errors = [code]
    post(client, text_xml("问", msg_id=600))
    [sent] = wechat_api.wait_for_sends(1)
    assert sent["token"] == "TOKEN-2" and wechat_api.tokens_issued == 2


@pytest.mark.parametrize(("code", "reason"), [(45015, "已超过 48 小时"), (45047, "已用完"), (45002, "内容过长")])
def test_a_refused_reply_is_kept_for_the_next_message(
    client: TestClient, bot: Bot, wechat_api: FakeWeChat, settings_env: Settings, code: int, reason: str
) -> None:
    bot.hold = 1.5
    wechat_api.errors = [code]
    post(client, text_xml("第一问", msg_id=700))
    db = open_database(settings_env.database_path)
    deadline = time.monotonic() + 10

    def staff_notes() -> list[str]:
        return [r["text"] for r in db["messages"].rows if r["sender"] == "system"]

    # the pending reply and the staff note are two writes: wait for both, not the first
    while not (db["wechat_pending"].count and any(reason in n for n in staff_notes())) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [r["text"] for r in db["wechat_pending"].rows] == ["答：第一问"]
    notes = staff_notes()
    assert any(reason in n for n in notes)  # staff see it in the transcript
    bot.hold = 0
    assert reply_text(post(client, text_xml("第二问", msg_id=701))) == "答：第一问\n\n答：第二问"
    assert db["wechat_pending"].count == 0


# ---------------------------------------------------------------- events and other message types


def test_subscribe_gets_the_capabilities_and_menu_keys_map_to_payloads(client: TestClient, bot: Bot) -> None:
    post(client, event_xml("subscribe"))
    post(client, event_xml("subscribe"))  # WeChat's retry of the same event
    post(client, event_xml("CLICK", key="ECO_HUMAN", created=1700000100))
    assert bot.received == ["/ask_capabilities", "/request_human"]


def test_unsubscribe_is_recorded_and_gets_nothing(client: TestClient, bot: Bot, settings_env: Settings) -> None:
    post(client, text_xml("你好"))
    response = post(client, event_xml("unsubscribe", created=1700000200))
    assert response.text == "success" and bot.received == ["你好"]
    notes = [r["text"] for r in open_database(settings_env.database_path)["messages"].rows if r["sender"] == "system"]
    assert notes == [text("wechat_unsubscribed")]


@pytest.mark.parametrize("kind", ["image", "voice", "video", "location", "link", "file"])
def test_other_message_types_are_asked_for_text(client: TestClient, bot: Bot, kind: str) -> None:
    xml = text_xml("", msg_id=900).replace("<![CDATA[text]]>", f"<![CDATA[{kind}]]>")
    assert reply_text(post(client, xml)) == text("wechat_text_only")
    assert bot.received == []


def test_while_waiting_for_staff_the_bot_is_silent(client: TestClient, bot: Bot) -> None:
    handoff = BotPayload(handoff=Handoff(reason="request", topic="排污许可"))
    bot.script["转人工"] = [OutgoingMessage(text="正在为您转接人工服务。", payload=handoff)]
    assert reply_text(post(client, text_xml("转人工"))).startswith("正在为您转接人工服务。")
    assert reply_text(post(client, text_xml("在吗", msg_id=1100))) == text("handoff_waiting_ack")
    assert post(client, text_xml("还在吗", msg_id=1101)).text == "success"
    assert bot.received == ["转人工"]


# ---------------------------------------------------------------- hand-off round trip with staff


def test_staff_reach_a_wechat_user_through_the_api_and_the_rating_comes_back_by_digit(
    client: TestClient, bot: Bot, wechat_api: FakeWeChat, settings_env: Settings
) -> None:
    db = open_database(settings_env.database_path)
    add_staff(db, name="wang", password="correct-horse-1", departments=[], role="agent")
    bot.script["转人工"] = [
        OutgoingMessage(text="正在为您转接。", payload=BotPayload(handoff=Handoff(reason="request")))
    ]
    post(client, text_xml("转人工"))
    login = client.post("/api/staff/login", json={"name": "wang", "password": "correct-horse-1"}).json()
    headers = {"X-CSRF-Token": login["csrf_token"]}
    [escalation] = client.get("/api/staff/escalations").json()
    detail = client.get(f"/api/staff/escalations/{escalation['id']}").json()
    assert detail["channel"] == "wechat" and OPENID not in detail["user"]  # the OpenID is masked
    base = f"/api/staff/escalations/{escalation['id']}"
    assert client.post(f"{base}/claim", headers=headers).status_code == 200
    claimed = wechat_api.wait_for_sends(1)
    assert "wang" in claimed[0]["content"] and claimed[0]["touser"] == OPENID
    assert client.post(f"{base}/reply", headers=headers, json={"text": "您好，请提供项目名称。"}).status_code == 200
    assert wechat_api.wait_for_sends(2)[1]["content"] == "您好，请提供项目名称。"
    assert post(client, text_xml("某某项目", msg_id=1200)).text == "success"  # with staff: the bot is silent
    assert client.post(f"{base}/resolve", headers=headers).status_code == 200
    assert wechat_api.wait_for_sends(3)[2]["content"].endswith(text("wechat_rating_prompt"))
    assert reply_text(post(client, text_xml("５", msg_id=1201))) == text("rating_thanks")
    assert next(iter(db["escalations"].rows))["rating"] == 5
    assert bot.received == ["转人工"]


def test_the_fixed_random_vector_decrypts_through_the_callback(settings_env: Settings, wechat_api: FakeWeChat) -> None:
    """WeChat pads to a multiple of 32 bytes: a padding longer than AES's 16 must be accepted."""
    vector = VECTORS["mp_generated_encrypt_fixed_random"]
    settings = vector_settings(settings_env, wechat_api, vector)
    app = create_app(settings)
    with TestClient(app) as client:
        bot = Bot()
        app.state.services.relay.bot = bot
        params = {
            **signed(token=vector["token"], timestamp=vector["timestamp"], nonce=vector["nonce"]),
            "msg_signature": vector["msg_signature"],
            "encrypt_type": "aes",
        }
        body = f"<xml><Encrypt><![CDATA[{vector['encrypt']}]]></Encrypt></xml>".encode()
        assert client.post("/wechat/mp", params=params, content=body).status_code == 200
    assert bot.received == ["abc"]


def test_concurrent_users_each_get_their_own_answer(client: TestClient, bot: Bot) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda n: reply_text(post(client, text_xml(f"问题{n}", 3000 + n, f"o{n}"))), range(16)))
    assert answers == [f"答：问题{n}" for n in range(16)]
    assert sorted(bot.received) == sorted(f"问题{n}" for n in range(16))


def test_the_cached_token_serves_every_send(client: TestClient, bot: Bot, wechat_api: FakeWeChat) -> None:
    long = "。".join(["这是一条很长的答复中的一句话"] * 300) + "。"
    bot.script["长"] = [OutgoingMessage(text=long)]
    post(client, text_xml("长"))
    sends = wechat_api.wait_for_sends(2)
    assert {s["token"] for s in sends} == {"TOKEN-1"} and wechat_api.tokens_issued == 1


def test_a_retry_while_the_first_callback_waits_gets_the_answer_once_through_the_api(
    client: TestClient, bot: Bot, wechat_api: FakeWeChat
) -> None:
    """WeChat retries when it stopped waiting for the first callback: a passive reply there is lost."""
    bot.hold = 1.5
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(post, client, text_xml("慢问题", msg_id=4000))
        deadline = time.monotonic() + 5
        while not bot.received and time.monotonic() < deadline:  # the first is with the bot
            time.sleep(0.01)
        retry = post(client, text_xml("慢问题", msg_id=4000))
        assert retry.text == "success"
        assert first.result().text == "success"
    [sent] = wechat_api.wait_for_sends(1)
    assert sent["content"] == "答：慢问题" and bot.received == ["慢问题"]


def test_a_malformed_msgid_is_400(client: TestClient, bot: Bot) -> None:
    assert post(client, text_xml("你好").replace("<MsgId>1001</MsgId>", "<MsgId>abc</MsgId>")).status_code == 400
    assert bot.received == []


def test_control_characters_in_an_answer_still_give_well_formed_xml(client: TestClient, bot: Bot) -> None:
    bot.script["控制"] = [OutgoingMessage(text="a\x0cb\x00c")]
    assert reply_text(post(client, text_xml("控制"))) == "abc"


def test_digits_go_to_staff_as_typed_during_a_hand_off(client: TestClient, bot: Bot, settings_env: Settings) -> None:
    handoff = BotPayload(handoff=Handoff(reason="request"))
    buttons = [{"title": "是的", "payload": "/affirm"}]
    bot.script["转人工"] = [OutgoingMessage(text="正在为您转接。", buttons=buttons, payload=handoff)]
    post(client, text_xml("转人工"))
    post(client, text_xml("1", msg_id=4100))
    users = [r["text"] for r in open_database(settings_env.database_path)["messages"].rows if r["sender"] == "user"]
    assert users == ["转人工", "1"] and bot.received == ["转人工"]


def test_a_slow_wechat_api_holds_up_no_other_user(client: TestClient, bot: Bot, wechat_api: FakeWeChat) -> None:
    wechat_api.gate = threading.Event()  # the customer-service send hangs until the test lets it go
    bot.script["慢"] = [OutgoingMessage(text="慢答")]
    bot.hold = 1.5
    try:
        post(client, text_xml("慢", msg_id=5000, openid="o-slow"))  # answered through the slow API
        assert wechat_api.arrived.wait(10)  # o-slow's answer is now stuck in the WeChat API
        bot.hold = 0
        # a passive reply, so within the 1 s window, while the send for o-slow still hangs
        assert reply_text(post(client, text_xml("快", msg_id=5001, openid="o-fast"))) == "答：快"
        assert wechat_api.sends == []
    finally:
        wechat_api.gate.set()
    assert [s["content"] for s in wechat_api.wait_for_sends(1)] == ["慢答"]

"""WeCom 微信客服 over HTTP: the official vector, wechatpy-encrypted callbacks, and the fake WeChat
API server paging kf/sync_msg and recording kf/send_msg, across a gateway restart."""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto

from api.main import create_app
from api.settings import Settings
from api.store.database import open_database
from tests.api.test_wechat import Bot, signed
from tests.api.wechat_server import FakeWeChat
from tests.conftest import SHARED

VECTOR = json.loads((SHARED / "wechat" / "vectors.json").read_text("utf-8"))["wecom_official_sample"]
TOKEN, AES_KEY, CORP_ID = "kf-token", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "wwCORP000000000001"
KF = "wkBUREAU01"


def wecom_settings(settings_env: Settings, api: FakeWeChat, **update: Any) -> Settings:
    return settings_env.model_copy(
        update={
            "wecom_token": SecretStr(TOKEN),
            "wecom_encoding_aes_key": SecretStr(AES_KEY),
            "wecom_corp_id": CORP_ID,
            "wecom_secret": SecretStr("kf-secret"),
            "wecom_api_base": api.url,
            **update,
        }
    )


def sample_settings(settings_env: Settings, api: FakeWeChat) -> Settings:
    """The official sample's credentials; its timestamp is old, so no clock window."""
    return wecom_settings(
        settings_env,
        api,
        wecom_token=SecretStr(VECTOR["token"]),
        wecom_encoding_aes_key=SecretStr(VECTOR["encoding_aes_key"]),
        wecom_corp_id=VECTOR["corp_id"],
        wechat_max_clock_skew=1e10,
    )


def customer(n: int, content: str, user: str = "wmUSER1", origin: int = 3) -> dict[str, Any]:
    return {
        "msgid": f"m{n}",
        "open_kfid": KF,
        "external_userid": user,
        "send_time": 1700000000 + n,
        "origin": origin,
        "msgtype": "text",
        "text": {"content": content},
    }


def news(client: TestClient) -> Any:
    """A wechatpy-encrypted kf_msg_or_event callback."""
    params = signed()
    xml = (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><CreateTime>{params['timestamp']}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
        f"<Token><![CDATA[SYNC-TOKEN]]></Token><OpenKfId><![CDATA[{KF}]]></OpenKfId></xml>"
    )
    wrapped = WeComCrypto(TOKEN, AES_KEY, CORP_ID).encrypt_message(xml, params["nonce"], params["timestamp"])
    signature = wrapped.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    query = {"msg_signature": signature, "timestamp": params["timestamp"], "nonce": params["nonce"]}
    return client.post("/wechat/kf", params=query, content=wrapped.encode())


def test_the_official_wecom_url_check_decrypts_the_echostr(settings_env: Settings, wechat_api: FakeWeChat) -> None:
    settings = sample_settings(settings_env, wechat_api)
    verify = VECTOR["verify"]
    params = {k: verify[k] for k in ("msg_signature", "timestamp", "nonce", "echostr")}
    with TestClient(create_app(settings)) as client:
        assert client.get("/wechat/kf", params=params).text == verify["expect_echo"]
        assert client.get("/wechat/kf", params={**params, "msg_signature": "0" * 40}).status_code == 403


def test_without_a_token_the_kf_route_does_not_exist(settings_env: Settings) -> None:
    with TestClient(create_app(settings_env)) as client:
        assert client.post("/wechat/kf", params=signed(), content=b"<xml/>").status_code == 404


def test_messages_are_pulled_page_by_page_and_answered_once_across_a_restart(
    settings_env: Settings, wechat_api: FakeWeChat
) -> None:
    settings = wecom_settings(settings_env, wechat_api)
    wechat_api.kf_messages = [
        customer(1, "你好"),
        customer(2, "（客服接入）", origin=5),  # a servicer's own message: not answered
        customer(3, "排污证怎么办", user="wmUSER2"),
    ]
    app = create_app(settings)
    with TestClient(app) as client:
        gate = threading.Event()  # no answer until the callback has said success
        bot = Bot(gate=gate)
        app.state.services.relay.bot = bot
        try:
            assert news(client).text == "success" and wechat_api.kf_sends == []
        finally:
            gate.set()
        sends = wechat_api.wait_for_kf_sends(2)
    assert bot.received == ["你好", "排污证怎么办"]
    assert [(s["touser"], s["content"]) for s in sends] == [("wmUSER1", "答：你好"), ("wmUSER2", "答：排污证怎么办")]
    assert wechat_api.kf_syncs == ["", "2"]  # two pages from the start
    # the gateway restarts; one new message, and the stored cursor is where the next sync begins
    wechat_api.kf_messages.append(customer(4, "还有一个问题"))
    app = create_app(settings)
    with TestClient(app) as client:
        bot = Bot()
        app.state.services.relay.bot = bot
        news(client)
        sends = wechat_api.wait_for_kf_sends(3)
    assert bot.received == ["还有一个问题"] and wechat_api.kf_syncs[-1] == "3"
    db = open_database(settings.database_path)
    assert [r["cursor"] for r in db["wecom_cursors"].rows] == ["4"]
    assert {r["session_id"] for r in db["conversations"].rows} == {f"{KF}|wmUSER1", f"{KF}|wmUSER2"}


def test_a_message_read_again_after_a_lost_cursor_is_not_answered_twice(
    settings_env: Settings, wechat_api: FakeWeChat
) -> None:
    settings = wecom_settings(settings_env, wechat_api)
    wechat_api.kf_messages = [customer(1, "你好")]
    app = create_app(settings)
    with TestClient(app) as client:
        app.state.services.relay.bot = Bot()
        news(client)
        wechat_api.wait_for_kf_sends(1)
        db = open_database(settings.database_path)
        with db.conn:
            db.conn.execute("delete from wecom_cursors")  # as if the gateway died before saving it
        wechat_api.kf_messages.append(customer(2, "第二问"))
        news(client)
        sends = wechat_api.wait_for_kf_sends(2)
    assert [s["content"] for s in sends] == ["答：你好", "答：第二问"]


def test_a_bad_callback_signature_is_403(settings_env: Settings, wechat_api: FakeWeChat) -> None:
    with TestClient(create_app(wecom_settings(settings_env, wechat_api))) as client:
        body = b"<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>"
        query = {"msg_signature": "0" * 40, **{k: v for k, v in signed().items() if k != "signature"}}
        assert client.post("/wechat/kf", params=query, content=body).status_code == 403
    assert wechat_api.kf_syncs == []


def test_the_official_wecom_message_sample_decrypts_but_is_no_kf_news(
    settings_env: Settings, wechat_api: FakeWeChat
) -> None:
    """The sample is an application message: it decrypts (400, not 403) and is not taken as 微信客服 news."""
    post = VECTOR["post"]
    settings = sample_settings(settings_env, wechat_api)
    body = f"<xml><Encrypt><![CDATA[{post['encrypt']}]]></Encrypt></xml>"
    params = {k: post[k] for k in ("msg_signature", "timestamp", "nonce")}
    with TestClient(create_app(settings)) as client:
        assert client.post("/wechat/kf", params=params, content=body.encode()).status_code == 400
        assert client.post("/wechat/kf", params={**params, "nonce": "1"}, content=body.encode()).status_code == 403
    assert wechat_api.kf_syncs == []

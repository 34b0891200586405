"""Time from an Official Account push to the gateway's passive reply, and how often the answer
had to go through the customer-service API instead (the callback answered ``success``).

Needs the system running with the Official Account on (``ECOASSIST_WECHAT_TOKEN`` set, e.g.
``ECOASSIST_WECHAT_TOKEN=bench make run``); it signs plain-mode pushes with that token. Each
message is a fresh user (OpenID); ``--concurrency`` users push at once. Sends a bounded number
of messages to 127.0.0.1 only and stops by itself.

    .venv/bin/python scripts/benchmark_wechat.py [--rounds 3] [--concurrency 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from wechatpy.utils import WeChatSigner

from api.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
GREETINGS = ["你好", "谢谢", "你是机器人吗", "我要办事", "中午有人吗"]


def messages() -> list[str]:
    dev = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
    questions = [json.loads(line)["query"] for line in dev.read_text("utf-8").splitlines() if line.strip()]
    return questions + GREETINGS


def pushed(url: str, token: str, text: str) -> tuple[float, bool]:
    """(milliseconds to the callback's answer, whether it was a passive reply)."""
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce)
    xml = (
        f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o{uuid.uuid4().hex}]]>"
        f"</FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{uuid.uuid4().int % 10**15}</MsgId></xml>"
    )
    params = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}
    start = time.perf_counter()
    response = httpx.post(url, params=params, content=xml.encode(), timeout=10)
    elapsed = (time.perf_counter() - start) * 1000
    response.raise_for_status()
    return elapsed, response.text != "success"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    settings = get_settings()
    token = settings.wechat_token.get_secret_value()
    if not token:
        raise SystemExit("set ECOASSIST_WECHAT_TOKEN (the same as the running gateway's)")
    url = f"http://127.0.0.1:{settings.port}/wechat/mp"
    texts = messages() * args.rounds
    pushed(url, token, "你好")  # warm-up
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(lambda text: pushed(url, token, text), texts))
    passive = sorted(ms for ms, was_passive in results if was_passive)
    by_api = len(results) - len(passive)
    p95 = passive[int(len(passive) * 0.95)] if passive else float("nan")
    print("| users at once | pushes | passive p50 (ms) | passive p95 (ms) | answered through the API |")
    print("|---:|---:|---:|---:|---:|")
    median = statistics.median(passive) if passive else float("nan")
    share = f"{by_api} ({by_api / len(results):.1%})"
    print(f"| {args.concurrency} | {len(results)} | {median:.0f} | {p95:.0f} | {share} |")


if __name__ == "__main__":
    main()

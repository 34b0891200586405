"""Time per message through Rasa and the action server, and through the whole gateway.

Needs the system running (`make run` in another terminal). Sends a bounded number of
messages to 127.0.0.1 only and stops by itself.

    .venv/bin/python scripts/benchmark_dialogue.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from pathlib import Path

import httpx

from api.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
GREETINGS = ["你好", "谢谢", "你是机器人吗", "转人工", "有用"]


def messages() -> list[str]:
    dev = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
    questions = [json.loads(line)["query"] for line in dev.read_text("utf-8").splitlines() if line.strip()]
    return questions + GREETINGS


def timed(client: httpx.Client, url: str, body: dict[str, str]) -> float:
    start = time.perf_counter()
    response = client.post(url, json=body, timeout=30)
    response.raise_for_status()
    return (time.perf_counter() - start) * 1000


def report(name: str, samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95)]
    return f"| {name} | {len(samples)} | {statistics.median(samples):.0f} | {p95:.0f} | {samples[-1]:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = get_settings()
    rasa = settings.rasa_url.rstrip("/") + "/webhooks/rest/webhook"
    gateway = f"http://127.0.0.1:{settings.port}/api/chat"
    texts = messages()
    rasa_ms: list[float] = []
    gateway_ms: list[float] = []
    with httpx.Client() as client:
        timed(client, rasa, {"sender": "bench-warmup", "message": "你好"})
        for _ in range(args.rounds):
            for text in texts:  # a fresh conversation per message: no follow-up context
                rasa_ms.append(timed(client, rasa, {"sender": f"bench-{uuid.uuid4().hex}", "message": text}))
                gateway_ms.append(timed(client, gateway, {"session_id": f"bench-{uuid.uuid4().hex}", "text": text}))
    print("| path | messages | p50 (ms) | p95 (ms) | slowest (ms) |")
    print("|---|---:|---:|---:|---:|")
    print(report("Rasa + action server (REST webhook)", rasa_ms))
    print(report("gateway → Rasa → actions, stored (POST /api/chat)", gateway_ms))


if __name__ == "__main__":
    main()

"""Realistic first messages through the running system: did each get what it called for?

Each message of ``knowledge/data/eval/dialogue_{dev,test}.jsonl`` (written blind to
``bot/data``) is sent to ``/api/chat`` in a fresh session, and the replies are judged against
the expected outcome of its category:

- ``service_item``: that item's walk-through started, or offered (alone, or among the two or
  three closest items: never the whole menu);
- ``service_question``: the item's own facts (``utter_service_facts`` naming it);
- ``consultation``: an answer whose first citation is one of the acceptable clauses (a clause
  found by search, or the basis of a fact an item's facts reply shows: not the item's general
  legal basis, which such a reply also cites);
- ``report``: the reporting channels; ``complaint``: the apology and a hand-off;
  ``human``: a hand-off; ``practical``: working hours, contact channels or capabilities as
  asked; ``chitchat``: the greeting, thanks, goodbye or "I am an assistant" reply;
- ``out_of_scope``: an honest refusal (no answer cited, no item offered, no hand-off).

Which response the bot used is read from the text, matched against each response's template
in ``bot/domain.yml`` (its fixed words, any text for its slots). Needs the system running
(``make run``); sends a bounded number of messages to 127.0.0.1 only. The dev part lists its
failures; the test part prints figures only. Run it against a local instance, never one that
serves users: complaints and requests for a person open real escalations in its console.

    .venv/bin/python scripts/eval_dialogue.py [--url http://127.0.0.1:8000] [--part dev|test|both]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from knowledge.documents.records import reference_line
from knowledge.services.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "knowledge" / "data" / "eval"
DOMAIN = ROOT / "bot" / "domain.yml"
START_PAYLOAD = re.compile(r'^/start_service\{"service_item": "(.+)"\}$')
MAX_OFFERED = 3
PRACTICAL = {"hours": "utter_office_hours", "contact": "utter_contact", "capabilities": "utter_capabilities"}
CHITCHAT = {k: f"utter_{k}" for k in ("greet", "thanks", "goodbye", "bot_challenge")}
ANSWERS = {f"utter_policy_answer{a}{d}" for a in ("", "_also") for d in ("", "_no_department")}
FACTS = "utter_service_facts"
CITING = ANSWERS | {FACTS}  # replies that answer a question and cite where it is stated


def templates(domain: dict[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, response name) for every response text: its fixed words literally, each slot
    as any text; the most specific (most fixed characters) first."""
    found = []
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            parts = re.split(r"\{[a-z_]+\}", str(variant.get("text", "")))
            fixed = sum(len(p) for p in parts)
            found.append((fixed, re.compile("(?s)" + "(.*?)".join(map(re.escape, parts))), name))
    return [(pattern, name) for _, pattern, name in sorted(found, key=lambda t: -t[0])]


@dataclass
class Observed:
    """What the replies to one message did."""

    responses: list[str] = field(default_factory=list)
    citations: list[tuple[str, str]] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)
    started: bool = False
    handed_off: bool = False
    replies: list[tuple[str | None, str]] = field(default_factory=list)  # (response, text)

    @property
    def texts(self) -> list[str]:
        return [t for _, t in self.replies]

    def summary(self) -> str:
        parts = [",".join(self.responses) or "—"]
        if self.citations:
            parts.append("《{}》{}".format(*self.citations[0]))
        if self.offered:
            parts.append("offered " + "/".join(self.offered))
        if self.started:
            parts.append("started")
        if self.handed_off:
            parts.append("handed off")
        return " · ".join(parts)


def backs_a_fact(reply: str, citation: dict[str, Any]) -> bool:
    """Whether a facts reply shows the cited clause beside one of its facts (「…（依据：《D》A）」),
    rather than only in the closing list of the item's legal basis."""
    facts = reply.rsplit("\n依据：", 1)[0]
    return reference_line(citation["document"], citation.get("doc_no", ""), citation["article"]) in facts


def observe(body: dict[str, Any], known: list[tuple[re.Pattern[str], str]]) -> Observed:
    seen = Observed(handed_off=body.get("state") in ("waiting", "staff"))
    for message in body.get("messages", []):
        if message.get("sender") not in ("bot", "system"):
            continue
        said = message.get("text", "")
        payloads = [b.get("payload", "") for b in message.get("buttons", [])]
        name = next((n for pattern, n in known if pattern.fullmatch(said)), None)
        seen.replies.append((name, said))
        if name:
            seen.responses.append(name)
        if name in CITING and message.get("citations") and not seen.citations:
            cited = [c for c in message["citations"] if name != FACTS or backs_a_fact(said, c)]
            seen.citations = [(c["document"], c["article"]) for c in cited]
        items = [m.group(1) for p in payloads if (m := START_PAYLOAD.match(p))]
        if items and len(items) <= MAX_OFFERED:
            seen.offered.extend(items)
        seen.started = seen.started or "/stop_service" in payloads
    return seen


def judge(case: dict[str, Any], seen: Observed, names: dict[str, str]) -> bool:
    """Whether the replies are what the message called for (see the module docstring)."""
    category, expect = case["category"], case.get("expect", {})
    item = names.get(expect.get("item", ""), "")
    if category == "service_item":
        started = seen.started and any(item in t for t in seen.texts)
        return started or item in seen.offered
    if category == "service_question":
        return any(name == "utter_service_facts" and t.startswith(f"『{item}』") for name, t in seen.replies)
    if category == "consultation":
        acceptable = {(c["document"], c["article"]) for c in expect.get("clauses", [])}
        return bool(seen.citations) and seen.citations[0] in acceptable
    if category == "report":
        return "utter_report_guidance" in seen.responses
    if category == "complaint":
        return "utter_complaint" in seen.responses and seen.handed_off
    if category == "human":
        return seen.handed_off
    if category == "practical":
        return PRACTICAL[expect["topic"]] in seen.responses
    if category == "chitchat":
        return CHITCHAT[expect["kind"]] in seen.responses
    if category == "out_of_scope":
        answered = any(r in CITING for r in seen.responses)
        return not (answered or seen.offered or seen.started or seen.handed_off)
    raise ValueError(f"unknown category {category!r} in {case['id']}")


def run_part(client: httpx.Client, url: str, path: Path, *, show_failures: bool) -> tuple[Counter, Counter]:
    known = templates(yaml.safe_load(DOMAIN.read_text("utf-8")))
    names = {item.id: item.name for item in load_catalogue()}
    right: Counter = Counter()
    total: Counter = Counter()
    failures: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        body = {"session_id": f"eval-{uuid.uuid4().hex}", "text": case["message"]}
        response = client.post(f"{url}/api/chat", json=body, timeout=60)
        response.raise_for_status()
        seen = observe(response.json(), known)
        ok = judge(case, seen, names)
        total[case["category"]] += 1
        right[case["category"]] += ok
        if not ok:
            failures[case["category"]].append(f"  {case['id']}: {case['message'][:40]} → {seen.summary()}")
    if show_failures:
        for category, lines in sorted(failures.items()):
            print(f"failures in {category}:")
            print("\n".join(lines))
    return right, total


def table(right: Counter, total: Counter) -> str:
    rows = ["| category | correct | messages | accuracy |", "|---|---:|---:|---:|"]
    for category in sorted(total):
        rows.append(f"| {category} | {right[category]} | {total[category]} | {right[category] / total[category]:.2f} |")
    all_right, all_total = sum(right.values()), sum(total.values())
    rows.append(f"| **overall** | {all_right} | {all_total} | {all_right / max(all_total, 1):.2f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--part", choices=("dev", "test", "both"), default="both")
    args = parser.parse_args(argv)
    url = args.url.rstrip("/")
    with httpx.Client() as client:
        try:
            ready = client.get(f"{url}/health", timeout=5).status_code == 200
        except httpx.HTTPError:
            ready = False
        if not ready:
            print(f"The system is not running (or not ready) at {url}: start it with `make run`.", file=sys.stderr)
            return 2
        for part in ("dev", "test") if args.part == "both" else (args.part,):
            path = EVAL_DIR / f"dialogue_{part}.jsonl"
            print(f">> {path.relative_to(ROOT)}" + (" (tuned on)" if part == "dev" else " (reported only)"))
            right, total = run_part(client, url, path, show_failures=part == "dev")
            print(table(right, total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

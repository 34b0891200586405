"""The reliability harness in small, inside ``make test``: about two minutes on two cores.

Ten users (two of them on WeChat) hold whole conversations with short pauses and every
message is then found in the database exactly once; hostile input on every route and a short schemathesis run get no
5xx; Rasa is killed with ``kill -9`` under load and restarted. ``make reliability`` runs the
full version (``scripts/reliability.py``); the figures are in ``docs/reliability.md``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.integration.system import RunningSystem
from tests.reliability.conversation import Pauses
from tests.reliability.environment import WECHAT_TOKEN
from tests.reliability.fuzzing import fuzz_verdict
from tests.reliability.hostile import sweep
from tests.reliability.ledger import check_ledger
from tests.reliability.load import load
from tests.reliability.outages import part_outage
from tests.reliability.verdict import Verdict
from tests.reliability.wechat import sweep_wechat
from tests.reliability.wechat_users import WeChatLine

SHORT_PAUSES = Pauses(0.2, 1.0)


def test_ten_users_converse_and_every_message_is_stored_exactly_once(
    reliable_system: RunningSystem, wechat_line: WeChatLine
) -> None:
    run = load(reliable_system.gateway_url, users=10, pauses=SHORT_PAUSES, prefix="smoke-load", wechat=wechat_line)
    assert run.recorder.problems == []
    assert run.figures.errors == {}, run.figures.line()
    assert run.conversations_completed == 10, "every conversation reaches its hand-off"
    walked = [s for s in run.recorder.sent if s.text.startswith("/start_service")]
    assert walked, "the menu's buttons were pressed"
    digits = [s for s in run.recorder.sent if s.channel == "wechat" and s.text.isdigit()]
    assert digits and all(s.replies for s in digits), "WeChat users answered options by digit, and were answered"
    ledger = check_ledger(reliable_system.database, run.recorder.sent)
    assert ledger.ok, ledger.lost + ledger.duplicated + ledger.unexpected
    assert ledger.user_messages == len(run.recorder.sent) and ledger.replies > ledger.user_messages


def test_hostile_input_on_every_route_gets_no_5xx(reliable_system: RunningSystem) -> None:
    verdict = Verdict("hostile input")
    result = sweep(reliable_system.gateway_url, verdict)
    pushed = sweep_wechat(reliable_system.gateway_url, WECHAT_TOKEN, verdict)
    assert result.routes >= 20 and result.requests > 500 and pushed.requests > 20
    assert verdict.survived, verdict.failed()


def test_schemathesis_finds_no_5xx(reliable_system: RunningSystem, tmp_path: Path) -> None:
    verdict, result = fuzz_verdict(reliable_system.gateway_url, tmp_path, max_examples=5, max_time_s=20)
    assert result.operations >= 20
    assert verdict.survived, verdict.failed()


def test_rasa_killed_under_load_users_get_a_clear_answer_and_service_resumes(reliable_system: RunningSystem) -> None:
    verdict = asyncio.run(part_outage(reliable_system, "rasa", users=5, pauses=SHORT_PAUSES, prefix="smoke-rasa"))
    assert verdict.survived, verdict.failed()

"""The settings every harness run gives the system, and the system it starts.

All simulated users share 127.0.0.1, so the gateway's per-address limits would refuse the
load as one abusive client: the harness raises them (and the per-session one) through the
gateway's own settings. Event streams end after a few seconds so that a fuzzer's request to
``/api/chat/events`` does not hang for the default 55 s.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.api.wechat_server import FakeWeChat
from tests.conftest import PROJECT_ROOT
from tests.integration.system import PART_NAMES, RunningSystem, running_system

logger = logging.getLogger(__name__)

WECHAT_TOKEN = "reliability-wechat-token"
HARNESS_ENV = {
    "ECOASSIST_CHAT_RATE_SESSION": "6000/minute",
    "ECOASSIST_CHAT_RATE_ADDRESS": "100000/minute",
    "ECOASSIST_NEW_CONVERSATION_RATE_ADDRESS": "100000/minute",
    "ECOASSIST_EVENTS_MAX_SECONDS": "3",
    # WeChat's callback on, so that signed pushes reach its XML parser; its API stays on loopback
    # (a closed port, or the fake WeChat server when simulated WeChat users need their answers)
    "ECOASSIST_WECHAT_TOKEN": WECHAT_TOKEN,
    "ECOASSIST_WECHAT_API_BASE": "http://127.0.0.1:9",
}


def harness_env(database: Path | None = None, wechat_api: FakeWeChat | None = None) -> dict[str, str]:
    """:data:`HARNESS_ENV`, with the database elsewhere (a small filesystem) and the Official
    Account's API on the fake WeChat server, when given."""
    env = {**HARNESS_ENV, **({"ECOASSIST_DATABASE": str(database)} if database is not None else {})}
    if wechat_api is not None:
        env.update(
            ECOASSIST_WECHAT_API_BASE=wechat_api.url,
            ECOASSIST_WECHAT_APP_ID="wxRELIABILITY0001",
            ECOASSIST_WECHAT_APP_SECRET="reliability-secret",
        )
    return env


@contextmanager
def harness_system(
    workdir: Path,
    *,
    database: Path | None = None,
    default_limits: bool = False,
    only: tuple[str, ...] = PART_NAMES,
    wechat_api: FakeWeChat | None = None,
) -> Iterator[RunningSystem]:
    """The real system with the harness's settings (or the default limits), home and logs under
    ``workdir``; WeChat's customer-service API answered by ``wechat_api`` when given."""
    subprocess.run(["make", "-s", "model"], cwd=PROJECT_ROOT, check=True)
    home, logs = workdir / "home", workdir / "logs"
    home.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    env = {} if default_limits else harness_env(database, wechat_api)
    with running_system(home, logs, extra_env=env, only=only) as running:
        logger.info("system up at %s (logs in %s)", running.gateway_url, logs)
        yield running

"""The real system as processes: Rasa, the action server and the gateway on free loopback ports.

Each runs as its own process with the given ``$ECOASSIST_HOME``, started exactly as
``make run`` starts them (``ecoassist serve …``). ``running_system`` waits on ``/health``
turning 200, fails early, with the logs, if a process dies, and stops them all at the end.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import PROJECT_ROOT

ECOASSIST = str(Path(sys.executable).parent / "ecoassist")
START_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class RunningSystem:
    gateway_url: str
    home: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.home / "ecoassist.db"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition: Callable[[], bool], *, timeout: float, on_poll: Callable[[], None]) -> None:
    """Poll ``condition`` until true; ``on_poll`` raises to abort early (e.g. a process died)."""
    deadline = time.monotonic() + timeout
    while not condition():
        on_poll()
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout:.0f}s")
        time.sleep(0.5)


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:]) if path.exists() else ""


@contextmanager
def running_system(home: Path, logs: Path) -> Iterator[RunningSystem]:
    """Build the knowledge base into ``home``, start the three processes, stop them on exit."""
    gateway_port, rasa_port, actions_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "ECOASSIST_HOME": str(home),
        # the seed-only knowledge base the conversations were written against
        "ECOASSIST_IMPORT_STATUTES": "false",
        "ECOASSIST_PORT": str(gateway_port),
        "ECOASSIST_RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "ECOASSIST_ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}",
        "ECOASSIST_RASA_TOKEN": secrets.token_hex(16),
        "ECOASSIST_RASA_MODEL": str(PROJECT_ROOT / "models" / "ecoassist.tar.gz"),
        "ECOASSIST_RASA_VENV": str(PROJECT_ROOT / ".venv-rasa"),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    subprocess.run([ECOASSIST, "kb", "build"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    for name in ("actions", "rasa", "gateway"):
        log = (logs / f"{name}.log").open("wb")
        procs[name] = subprocess.Popen(
            [ECOASSIST, "serve", name], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{gateway_port}"

    def healthy() -> bool:
        try:
            return httpx.get(f"{url}/health", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            return False

    def none_died() -> None:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{_tail(logs / f'{name}.log')}")

    try:
        wait_until(healthy, timeout=START_TIMEOUT_S, on_poll=none_died)
        yield RunningSystem(gateway_url=url, home=home, logs=logs)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

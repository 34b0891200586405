"""The real system as processes: Rasa, the action server and the gateway on free loopback ports.

Each runs as its own process with the given ``$ECOASSIST_HOME``, started exactly as
``make run`` starts them (``ecoassist serve …``). ``running_system`` waits on ``/health``
turning 200, fails early, with the logs, if a process dies, and stops them all at the end.
``extra_env`` adds settings (raised rate limits, a database on another filesystem), and
``RunningSystem.parts`` lets a fault test ``kill -9`` one part and start it again on its port.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import PROJECT_ROOT

ECOASSIST = str(Path(sys.executable).parent / "ecoassist")
START_TIMEOUT_S = 300.0


PART_NAMES = ("actions", "rasa", "gateway")


class Parts:
    """The three processes, each in its own process group, by name: kill one, start it again."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str) -> None:
        """Start ``ecoassist serve <name>`` (again), appending to its log."""
        log = (self.logs / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            [ECOASSIST, "serve", name], cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def alive(self, name: str) -> bool:
        return name in self.procs and self.procs[name].poll() is None

    def kill(self, name: str) -> None:
        """``kill -9`` the part's whole process group and reap it."""
        proc = self.procs[name]
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def none_died(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{_tail(self.logs / f'{name}.log')}")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@dataclass(frozen=True)
class RunningSystem:
    gateway_url: str
    home: Path
    logs: Path
    parts: Parts | None = field(default=None, compare=False)

    @property
    def database(self) -> Path:
        if self.parts is not None and self.parts.env.get("ECOASSIST_DATABASE"):
            return Path(self.parts.env["ECOASSIST_DATABASE"])
        return self.home / "ecoassist.db"

    @property
    def rasa_url(self) -> str:
        return self.parts.env["ECOASSIST_RASA_URL"] if self.parts is not None else ""

    def healthy(self) -> bool:
        """``GET /health`` answers 200 (every part is up)."""
        try:
            return httpx.get(f"{self.gateway_url}/health", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            return False

    def answering(self) -> bool:
        """The gateway answers ``/health`` at all (200, or 503 naming a part that is down)."""
        try:
            httpx.get(f"{self.gateway_url}/health", timeout=5.0)
        except httpx.HTTPError:
            return False
        return True

    def wait_healthy(self, timeout: float = START_TIMEOUT_S) -> None:
        """Wait until every part is up again; fail early, with its log, if one dies."""
        on_poll = self.parts.none_died if self.parts is not None else (lambda: None)
        wait_until(self.healthy, timeout=timeout, on_poll=on_poll)


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
def running_system(
    home: Path, logs: Path, *, extra_env: Mapping[str, str] | None = None, only: tuple[str, ...] = PART_NAMES
) -> Iterator[RunningSystem]:
    """Build the knowledge base into ``home``, start the three processes, stop them on exit.

    ``only`` starts some of them (e.g. the gateway alone, whose Rasa is then down); the wait
    is then for the gateway to answer rather than for every part to be healthy."""
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
        **(extra_env or {}),
    }
    subprocess.run([ECOASSIST, "kb", "build"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    parts = Parts(env, logs)
    try:
        for name in only:
            parts.start(name)
        running = RunningSystem(gateway_url=f"http://127.0.0.1:{gateway_port}", home=home, logs=logs, parts=parts)
        if set(only) == set(PART_NAMES):
            running.wait_healthy()
        else:
            wait_until(running.answering, timeout=START_TIMEOUT_S, on_poll=parts.none_died)
        yield running
    finally:
        parts.stop()

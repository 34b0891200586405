"""Schemathesis against the gateway's ``/openapi.json``: generated requests, zero 5xx the check.

Runs ``.venv/bin/schemathesis run`` (v4's command line) with only the ``not_a_server_error``
check, valid and invalid data (``--mode all``), a bounded number of examples per operation
and a time budget, so it stops by itself. The JUnit report it writes is read back for the
figures: operations tested, how many failed, and the first lines of each failure.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.verdict import Verdict

logger = logging.getLogger(__name__)

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


@dataclass
class Fuzzing:
    operations: int = 0
    failed: list[str] = field(default_factory=list)
    errored: list[str] = field(default_factory=list)  # schemathesis's own errors, not the gateway's
    exit_code: int = 0
    seconds: float = 0.0
    tail: str = ""


def fuzz(base_url: str, report_dir: Path, *, max_examples: int, max_time_s: int, seed: int = 17) -> Fuzzing:
    """Run schemathesis; ``max_time_s`` bounds it (plus a margin, after which it is killed)."""
    junit = report_dir / "schemathesis-junit.xml"
    command = [
        SCHEMATHESIS, "run", f"{base_url}/openapi.json",
        "--checks", "not_a_server_error",
        "--mode", "all",
        "--max-examples", str(max_examples),
        "--max-time", str(max_time_s),
        "--seed", str(seed),
        "--workers", "1",  # two workers trip hypothesis's lambda introspection (an error in schemathesis)
        "--request-timeout", "20",
        "--generation-database", "none",
        "--suppress-health-check", "all",
        "--no-color",
        "--report", "junit",
        "--report-junit-path", str(junit),
    ]  # fmt: skip
    result = Fuzzing()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=max_time_s + 120, check=False)
        result.exit_code = done.returncode
        result.tail = "\n".join(done.stdout.splitlines()[-30:])
    except subprocess.TimeoutExpired:
        result.exit_code = -1
        result.failed.append(f"schemathesis did not stop within {max_time_s + 120}s")
    if junit.exists():
        _read_junit(junit, result)
    elif result.exit_code != 0:
        result.failed.append(f"schemathesis exited {result.exit_code} without a report: {result.tail[-500:]}")
    return result


def _read_junit(path: Path, result: Fuzzing) -> None:
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        result.operations += 1
        result.seconds += float(case.get("time", "0") or 0)
        for problem in case.findall("failure"):
            lines = [line.strip() for line in (problem.text or problem.get("message") or "").splitlines()]
            shown = [line for line in lines if line.startswith(("[", "curl", "- "))]
            result.failed.append(f"{case.get('name')}: {' / '.join(shown[:4]) or problem.get('message')}")
        for problem in case.findall("error"):
            first = next((line for line in (problem.text or "").splitlines()[1:] if line.strip()), "")
            result.errored.append(f"{case.get('name')}: {first.strip()[:200]}")


def fuzz_verdict(base_url: str, report_dir: Path, *, max_examples: int, max_time_s: int) -> tuple[Verdict, Fuzzing]:
    verdict = Verdict("schemathesis against /openapi.json")
    result = fuzz(base_url, report_dir, max_examples=max_examples, max_time_s=max_time_s)
    tested = result.operations - len(result.errored)
    verdict.check("operations were tested", tested > 0, f"exit {result.exit_code}: {result.tail[-400:]}")
    verdict.check("zero 5xx", not result.failed, "; ".join(result.failed[:8]))
    verdict.notes.append(f"{result.operations} operations, up to {max_examples} examples each, {max_time_s}s budget")
    verdict.notes += [f"schemathesis error (not the gateway's): {e}" for e in result.errored]
    return verdict, result

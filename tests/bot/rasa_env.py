"""Running a check script inside Rasa's own environment (``.venv-rasa``, Python 3.10).

Pipeline components import Rasa, which the test environment does not have; each component's
tests run their checks there in one subprocess and get the results back as JSON (the script's
last printed line).
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from tests.conftest import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str) -> dict[str, Any]:
    """Run ``script`` with Rasa's Python from the project root; the JSON it printed last."""
    assert RASA_PYTHON.exists(), f"{RASA_PYTHON} missing: `make venvs` creates the Rasa environment"
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))

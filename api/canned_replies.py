"""Canned replies offered to staff in the console (``api/data/canned_replies.yml``).

Staff-console data, kept by the bureau; free of facts it has not published.

>>> canned_replies()[0][0]
'问候'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

CANNED_REPLIES_FILE = Path(__file__).parent / "data" / "canned_replies.yml"


@lru_cache(maxsize=1)
def canned_replies() -> tuple[tuple[str, str], ...]:
    """``(title, text)`` pairs, in file order."""
    data = yaml.safe_load(CANNED_REPLIES_FILE.read_text("utf-8")) or []
    return tuple((str(item["title"]), str(item["text"])) for item in data)

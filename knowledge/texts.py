"""User-facing texts kept as data (``knowledge/data/texts.yml``), looked up by key.

>>> text("empty_text")
'消息不能为空，请输入您要咨询的问题。'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

TEXTS_FILE = Path(__file__).parent / "data" / "texts.yml"


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    data = yaml.safe_load(TEXTS_FILE.read_text("utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def text(key: str) -> str:
    """The text for ``key``; a missing key is a programming error and raises KeyError."""
    return _texts()[key]

from __future__ import annotations

from typing import Any

import pytest

from api.rasa_client import messages_from_rasa

CITE = {"document": "D", "doc_no": "N", "article": "（二）", "departments": ["环评处"], "score": 1.0}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], []),
        ([{"recipient_id": "c", "text": "你好"}], [("你好", 0, 0, {})]),
        ([{"text": "答", "buttons": [{"title": "转人工", "payload": "/request_human"}]}], [("答", 1, 0, {})]),
        ([{"text": "答"}, {"custom": {"citations": [CITE]}}], [("答", 0, 1, {})]),
        ([{"text": "答"}, {"custom": {"handoff": {"reason": "x"}}}], [("答", 0, 0, {"handoff": {"reason": "x"}})]),
        ([{"custom": {"citations": [CITE]}}], [("", 0, 1, {})]),
        (
            [{"text": "一"}, {"text": "二"}, {"custom": {"citations": [CITE, "junk"]}}],
            [("一", 0, 0, {}), ("二", 0, 1, {})],
        ),
    ],
)
def test_messages_from_rasa(raw: list[dict[str, Any]], expected: list[tuple[str, int, int, dict[str, Any]]]) -> None:
    got = [(m.text, len(m.buttons), len(m.citations), m.custom) for m in messages_from_rasa(raw)]
    assert got == expected

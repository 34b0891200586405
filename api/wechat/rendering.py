"""The assistant's replies as WeChat text: numbered options, plain citations, byte-sized parts.

WeChat shows text only. The replies to one user message are merged into one text; buttons
become numbered lines (「回复 1  是的」) that the user answers with the digit, mapped back to
the button's payload by :func:`choice`; a clause the web widget would expand on a click is
offered as 「回复“条款”查看原文」 (:data:`CLAUSE_WORD`). A text over WeChat's 2,048 bytes is
split on sentence boundaries (:func:`split`), and the parts never exceed the
customer-service quota for one user message.

>>> from api.store.conversations import StoredMessage
>>> from knowledge.payloads import BotPayload, Citation
>>> cited = BotPayload(citations=[Citation(document="排污许可管理条例", article="第十四条", text="……")])
>>> answer = StoredMessage(1, "c", "bot", "答复。", [{"title": "有用", "payload": "/feedback_useful"}], cited, {}, "")
>>> print(render([answer]))
答复。
回复 1  有用
回复“条款”查看原文
>>> choice("1", answer.buttons), choice("１", answer.buttons), choice("3", answer.buttons)
('/feedback_useful', '/feedback_useful', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from api.store.conversations import StoredMessage
from knowledge.documents.records import reference_line
from knowledge.texts import text

MAX_BYTES = 2048
"""WeChat refuses a text message over this many bytes (UTF-8) with 45002."""
QUOTA = 5
"""Customer-service messages allowed per user message (within 48 hours)."""
CLAUSE_WORD = "条款"
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def render(replies: Sequence[StoredMessage]) -> str:
    """One text for the replies to one user message (empty when there is nothing to say)."""
    lines: list[str] = []
    for reply in replies:
        if reply.text.strip():
            lines.append(reply.text.strip())
        for number, button in enumerate(reply.buttons, start=1):
            lines.append(text("wechat_option").format(number=number, title=button.get("title", "")))
    if any(c.text for r in replies for c in r.citations):
        lines.append(text("wechat_clause_hint").format(word=CLAUSE_WORD))
    return "\n".join(lines)


def clause_texts(message: StoredMessage) -> str:
    """The full text of the clauses an answer cited, for 「条款」."""
    return "\n\n".join(
        f"{reference_line(c.document, c.doc_no, c.article)}\n{c.text}" for c in message.citations if c.text
    )


def choice(said: str, buttons: Sequence[dict[str, str]]) -> str | None:
    """The payload of the button whose number the user sent (full-width digits too), if any."""
    digits = unicodedata.normalize("NFKC", said).strip().removeprefix("回复").strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    number = int(digits)
    return buttons[number - 1].get("payload") if 1 <= number <= len(buttons) else None


def split(message: str, *, max_bytes: int = MAX_BYTES, limit: int = QUOTA) -> list[str]:
    """``message`` in parts of at most ``max_bytes`` UTF-8 bytes, cut after a sentence where
    possible, at most ``limit`` parts (the last one says the rest was cut).

    >>> [len(p.encode()) <= 30 for p in split("第一句话。第二句话！第三句话？", max_bytes=30)]
    [True, True]
    >>> split("短。", max_bytes=30)
    ['短。']
    """
    parts: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(message) if s):
        while len(sentence.encode()) > max_bytes:  # one sentence longer than a part: cut by bytes
            head = sentence.encode()[:max_bytes].decode("utf-8", errors="ignore")
            if current:
                parts.append(current)
                current = ""
            parts.append(head)
            sentence = sentence[len(head) :]
        if len((current + sentence).encode()) > max_bytes:
            parts.append(current)
            current = sentence
        else:
            current += sentence
    if current:
        parts.append(current)
    parts = [p.strip("\n") for p in parts if p.strip()]
    if len(parts) > limit:
        cut = text("wechat_cut")
        last = parts[limit - 1]
        while len((last + cut).encode()) > max_bytes:
            last = last[:-1]
        parts = [*parts[: limit - 1], last + cut]
    return parts

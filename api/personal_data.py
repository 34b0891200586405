"""Personal data in free text: mobile numbers, 身份证号 and 统一社会信用代码, masked wherever text
leaves the conversation it belongs to (logs, exports).

The gateway never logs message text on purpose; :class:`MaskingFilter` is the second line,
for a message that slips into an exception or a third-party library's log. Exports
(``ecoassist export``) mask every text they write. Staff in the console see the transcript
unmasked: they need the number to call the user back.

>>> mask("我是张三，电话13812345678，身份证310101199001011234")
'我是张三，电话138****5678，身份证310101********1234'
>>> mask("统一社会信用代码91310000MA1FL0XX2K，座机021-12345678")
'统一社会信用代码9131**********XX2K，座机021-12345678'
>>> mask("第13812345678条") == mask("第13812345678条")  # idempotent, and digits inside longer runs too
True
"""

from __future__ import annotations

import logging
import re

# 18 characters: 2 + 6 digits of the registering authority and region, 9 + 1 of the organisation,
# over the alphabet without I, O, S, V, Z; and at least one letter, or it is an 身份证号's business
_CODE = "[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]"
_CREDIT_CODE = re.compile(
    rf"(?<![0-9A-Za-z])(?=[0-9]*[A-Za-z])({_CODE}{{4}}){_CODE}{{10}}({_CODE}{{4}})(?![0-9A-Za-z])"
)
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
# 138 1234 5678, 138-1234-5678, +86 138…; not digits inside a longer word (a hex id)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?![0-9A-Za-z])")


def mask(text: str) -> str:
    """``text`` with the middle of every mobile number, 身份证号 and credit code replaced by ``*``.

    >>> mask("+86 138-1234-5678 或 13812345678")
    '+86 138****5678 或 138****5678'
    >>> mask("会话 4f5a138123456789b9c0d1e2f3a4b5c6") == "会话 4f5a138123456789b9c0d1e2f3a4b5c6"  # an id
    True
    """
    text = _ID_NUMBER.sub(lambda m: f"{m[1]}********{m[2]}", text)
    text = _CREDIT_CODE.sub(lambda m: f"{m[1]}**********{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


def mask_id(identifier: str) -> str:
    """A user's id for staff eyes: enough to tell users apart, not to act as them (an OpenID,
    a web session id that opens the chat history).

    >>> mask_id("oUSER-1234567890abcdef"), mask_id("short")
    ('oUSE…cdef', 'sh…')
    """
    if len(identifier) <= 8:
        return identifier[:2] + "…"
    return f"{identifier[:4]}…{identifier[-4:]}"


class MaskingFilter(logging.Filter):
    """Masks personal data in every record a handler writes (message and arguments merged first).

    >>> record = logging.LogRecord("x", logging.INFO, "", 0, "user said %s", ("13812345678",), None)
    >>> MaskingFilter().filter(record), record.getMessage()
    (True, 'user said 138****5678')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:  # a traceback can quote the input (pydantic does)
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class QueryStripped(logging.Filter):
    """Drops the query string from uvicorn's access log lines: WeChat's callbacks carry their
    signature and nonce there (enough to replay a push within its time window), web clients
    their session id.

    >>> record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
    ...                            ("1.2.3.4:5", "POST", "/wechat/mp?signature=abc&nonce=1", "1.1", 200), None)
    >>> QueryStripped().filter(record), record.getMessage()
    (True, '1.2.3.4:5 - "POST /wechat/mp HTTP/1.1" 200')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def mask_logs() -> None:
    """Install :class:`MaskingFilter` on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())

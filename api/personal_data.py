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
_CREDIT_CODE = re.compile(
    r"(?<![0-9A-Z])(?=[0-9A-Z]*[A-HJ-NPQRTUWXY])([0-9A-HJ-NPQRTUWXY]{4})[0-9A-HJ-NPQRTUWXY]{10}([0-9A-HJ-NPQRTUWXY]{4})(?![0-9A-Z])"
)
_ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask(text: str) -> str:
    """``text`` with the middle of every mobile number, 身份证号 and credit code replaced by ``*``."""
    text = _ID_NUMBER.sub(lambda m: f"{m[1]}********{m[2]}", text)
    text = _CREDIT_CODE.sub(lambda m: f"{m[1]}**********{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


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
        return True


def mask_logs() -> None:
    """Install :class:`MaskingFilter` on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())

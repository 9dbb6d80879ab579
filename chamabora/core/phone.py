"""Kenyan phone numbers, normalised to E.164 (+2547XXXXXXXX / +2541XXXXXXXX).

Members write numbers every way: 0712345678, +254712345678, 254712345678,
712345678, with spaces or dashes. Everything downstream compares E.164 only.
"""
from __future__ import annotations

import re

from chamabora.core.errors import InvalidPhone

_SEPARATORS = re.compile(r"[\s\-().]")
_KENYAN = re.compile(r"^(?:\+?254|0)?([17]\d{8})$")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(text: str) -> str:
    """Return the E.164 form of a Kenyan mobile number, or raise InvalidPhone."""
    if not isinstance(text, str):
        raise InvalidPhone("phone must be text", value=repr(text))
    compact = _SEPARATORS.sub("", text.strip())
    match = _KENYAN.match(compact)
    if match:
        return "+254" + match.group(1)
    raise InvalidPhone("not a Kenyan mobile number", value=text)


def is_e164(text: str) -> bool:
    return bool(_E164.match(text or ""))


def mask_phone(e164: str) -> str:
    """+254712345678 -> +2547****5678, for logs and other members' eyes."""
    if len(e164) < 8:
        return "***"
    return e164[:5] + "*" * (len(e164) - 9) + e164[-4:]

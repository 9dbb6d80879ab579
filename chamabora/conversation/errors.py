"""Core error codes as friendly, localised replies."""
from __future__ import annotations

from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.i18n.members import ERRORS, ERROR_FALLBACK
from chamabora.conversation.turn import Turn


AMOUNTS = ("available", "needed")  # details in cents, shown as money


def error_reply_text(turn: Turn, error: ChamaError) -> str:
    msgid = ERRORS.get(error.code, ERROR_FALLBACK)
    codes = str(error.details.get("codes", "")).split(", ")[0] if "codes" in error.details else ""
    if error.code == "same_name":
        return turn.t(msgid, name=error.details.get("name", ""), codes=error.details.get("codes", ""), code=codes)
    if "%(codes)s" in msgid:
        return turn.t(msgid, codes=codes)
    amounts = {k: Money(int(error.details.get(k, 0))) for k in AMOUNTS}  # type: ignore[call-overload]
    return turn.t(msgid, **amounts) if any(f"%({k})s" in msgid for k in AMOUNTS) else turn.t(msgid)

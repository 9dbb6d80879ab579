"""What a member over a rate limit hears: one friendly line in their own
language, once per window; the messages after it in that window are
recorded but not answered, so a stuck phone or a script costs one SMS, not
one per message. Nothing is dropped: the provider's webhook was answered
and the message stored before any limit was counted, and a limited
message is recorded like any other (a provider's retry finds it answered).

Three places ask: every SMS and WhatsApp message (`over_limit`, per phone
and per each of the member's chamas), every money action whatever the
channel (`money_gate`, a dispatcher gate), and every USSD session's first
hop (`ussd_refusal`). A USSD screen always answers (it is free and the
member is looking at it).
"""
from __future__ import annotations

from sqlalchemy import Connection

from chamabora.limits import RateLimits, for_connection
from chamabora.services.people.speakers import language_and_chamas
from chamabora.conversation.dispatcher import GATES
from chamabora.i18n.catalogs import translate
from chamabora.i18n.members import CHAMA_BUSY, MONEY_SLOW, SLOW_DOWN, USSD_SLOW
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn

# by name, so money commands added later (withdrawals) are limited without touching this list
MONEY_ACTIONS = frozenset({"Pay", "RepayLoan", "Save", "Upgrade", "RequestLoan", "Withdraw", "RequestWithdrawal"})


def refused(limits: RateLimits, kind: str, phone: str, chama_ids: list[int]) -> tuple[str, str] | None:
    """(kind of limit, key) of the first limit this phone or one of its chamas is over, or None."""
    if not limits.allow(f"{kind}_phone", phone):
        return f"{kind}_phone", phone
    for chama_id in chama_ids:
        if not limits.allow(f"{kind}_chama", chama_id):
            return f"{kind}_chama", str(chama_id)
    return None


def answer_refusal(limits: RateLimits, turn: Turn, over: tuple[str, str], line: str, always: bool) -> Reply:
    message = CHAMA_BUSY if over[0].endswith("_chama") else line
    if always or limits.first_refusal(over[0], turn.inbound.phone):
        return Reply(turn.t(message))
    return Reply("")


def over_limit(turn: Turn) -> Reply | None:
    """For an SMS or WhatsApp message: None when within the limits, else the reply (maybe empty)."""
    limits = for_connection(turn.conn)
    if limits is None or not limits.enabled:
        return None
    over = refused(limits, "sms", turn.inbound.phone, [c.id for c in turn.my_chamas()])
    return None if over is None else answer_refusal(limits, turn, over, SLOW_DOWN, always=False)


def money_gate(turn: Turn, command: object) -> Reply | None:
    if type(command).__name__ not in MONEY_ACTIONS:
        return None
    limits = for_connection(turn.conn)
    if limits is None or not limits.enabled:
        return None
    over = refused(limits, "money", turn.inbound.phone, [c.id for c in turn.my_chamas()])
    return None if over is None else answer_refusal(limits, turn, over, MONEY_SLOW, always=turn.compact)


GATES.append(money_gate)


def ussd_refusal(conn: Connection, limits: RateLimits, phone: str) -> str | None:
    """For a USSD session's first hop: None when within the limits, else the END screen to show."""
    if not limits.enabled:
        return None
    language, chama_ids = language_and_chamas(conn, phone)
    over = refused(limits, "ussd", phone, chama_ids)
    if over is None:
        return None
    return "END " + translate(language, CHAMA_BUSY if over[0].endswith("_chama") else USSD_SLOW)

"""The JSON shape of one parsed M-Pesa confirmation (`to_record`), amounts as
decimal strings: what `flask mpesa parse` prints, and what the corpus and the
real set's expected fields are written in (tests, `mpesa_report`)."""
from __future__ import annotations

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaMessage


def _amount(money: Money | None) -> str | None:
    return None if money is None else money.decimal_string()


def to_record(message: MpesaMessage) -> dict:
    """The JSON shape of one parsed confirmation: the first ten fields as they always were, then the
    fields added since (see MpesaMessage), each null when the kind prints none."""
    at = message.occurred_at
    return {
        "kind": message.kind.value,
        "code": message.code,
        "amount": _amount(message.amount),
        "counterparty_name": message.counterparty_name,
        "counterparty_phone": message.counterparty_phone,
        "account": message.account,
        "date": at.strftime("%Y-%m-%d") if at else None,
        "time": at.strftime("%H:%M") if at else None,
        "balance": _amount(message.balance),
        "cost": _amount(message.cost),
        "counterparty_number": message.counterparty_number,
        "related_code": message.related_code,
        "other_balance": _amount(message.other_balance),
        "outstanding": _amount(message.outstanding),
        "due_date": message.due_date.isoformat() if message.due_date else None,
        "limit": _amount(message.limit),
    }

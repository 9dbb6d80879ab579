"""MpesaMessage: one M-Pesa confirmation SMS, read into plain typed values.

The parser in `chamabora.parser.mpesa_parser` builds these; the fraud checks
and the claim flow read them. Standard library only, like all of `core/`.
Times are naive Africa/Nairobi wall-clock times, exactly as the SMS prints
them: Safaricom never states a zone and Kenya keeps no daylight saving.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from chamabora.core.money import Money


class MpesaKind(enum.Enum):
    RECEIVED = "received"
    SENT = "sent"
    PAYBILL = "paybill"
    BUY_GOODS = "buy_goods"
    WITHDRAWAL = "withdrawal"
    DEPOSIT = "deposit"
    AIRTIME = "airtime"
    AIRTIME_OTHER = "airtime_other"
    REVERSAL = "reversal"
    FULIZA_LOAN = "fuliza_loan"
    FULIZA_REPAYMENT = "fuliza_repayment"
    MSHWARI_DEPOSIT = "mshwari_deposit"
    MSHWARI_WITHDRAWAL = "mshwari_withdrawal"
    B2C_RECEIVED = "b2c_received"
    C2B_BUSINESS_RECEIPT = "c2b_business_receipt"
    POCHI = "pochi"
    POCHI_RECEIVED = "pochi_received"
    POCHI_MOVE = "pochi_move"
    KCB_MPESA_DEPOSIT = "kcb_mpesa_deposit"
    KCB_MPESA_WITHDRAWAL = "kcb_mpesa_withdrawal"
    FULIZA_LIMIT = "fuliza_limit"
    BALANCE = "balance"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class MpesaMessage:
    """A parsed confirmation.

    `amount` is None only where the SMS names none (a reversal notice, a
    failure that names no sum). `counterparty_phone` is E.164 when the SMS
    prints a full number and the masked text as printed otherwise
    ("0723***873"). `related_code` is the earlier transaction a reversal
    undoes. `occurred_at` is None for notices that print no time (Fuliza).

    Added later, all optional: `counterparty_number` is the agent, bank or
    business number Safaricom prints beside a name ("501901 - KCB Money
    Transfer Services"); `other_balance` the second balance a notice prints
    (M-Shwari, KCB M-PESA, Pochi or the Business account; `balance` is
    always the M-PESA wallet's); `outstanding`, `due_date` and `limit` a
    Fuliza notice's outstanding amount, due date and available limit.
    """

    kind: MpesaKind
    code: str | None
    amount: Money | None
    counterparty_name: str | None
    counterparty_phone: str | None
    account: str | None
    occurred_at: datetime | None
    balance: Money | None
    cost: Money | None
    raw: str
    language: str = "en"
    related_code: str | None = None
    counterparty_number: str | None = None
    other_balance: Money | None = None
    outstanding: Money | None = None
    due_date: date | None = None
    limit: Money | None = None

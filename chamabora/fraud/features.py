"""The fraud model's inputs: named signals of hard evidence, things no
genuine M-Pesa message can show however a phone or WhatsApp reformats it.
Pure: the caller hands in the text and a `Context` of what we already know
(when it was forwarded, whom the chama expects to be paid, the member's
previous forwarded message); nothing here reads a database or a clock.

What is evidence: arithmetic that cannot hold inside the message (a receipt
larger than the new balance, a daily-limit line that does not fit the
amount, a charge off Safaricom's published P2P tariff) or against the
member's earlier message of the same day (the daily limit or the balance
going the wrong way); a code whose date is not the printed date; a date in
the future; a message forwarded long after it was sent (recycled); a payee
who is not the chama's; a hidden balance; a code of a shape Safaricom never
issues; text that reads as no M-Pesa message at all.

What is never evidence: spacing, line breaks, casing of a word, a missing
optional line, a kind or era the model has not seen, punctuation in names,
a message cut at 160 characters. No signal looks at them.

Change `SIGNALS` or any rule's meaning and bump `FEATURE_VERSION`: a saved
model refuses to load against other features.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind, MpesaMessage
from chamabora.parser.mpesa_errors import UnrecognisedMessage
from chamabora.parser.mpesa_parser import Outcome, classify, looks_cut, normalise
from chamabora.parser.receipt_code import days_apart, implied_date, rule_applies
from chamabora.fraud import tariffs
from chamabora.fraud.surface import code_shape, read_surface

FEATURE_VERSION = 6
SIGNALS = (
    "unrecognised", "not_a_confirmation", "code_missing", "code_shape", "code_era", "code_date_mismatch",
    "date_future", "recycled", "recipient_mismatch", "recipient_partial", "receipt_exceeds_balance",
    "fuliza_sum_broken", "daily_limit_broken", "daily_chain_broken", "balance_chain_broken", "cost_mismatch",
    "balance_hidden",
)
INDEX = {name: i for i, name in enumerate(SIGNALS)}
OUTGOING = frozenset({MpesaKind.SENT, MpesaKind.POCHI, MpesaKind.PAYBILL, MpesaKind.BUY_GOODS,
                      MpesaKind.WITHDRAWAL, MpesaKind.AIRTIME, MpesaKind.AIRTIME_OTHER,
                      MpesaKind.MSHWARI_DEPOSIT, MpesaKind.KCB_MPESA_DEPOSIT, MpesaKind.POCHI_MOVE})
INCOMING = frozenset({MpesaKind.RECEIVED, MpesaKind.B2C_RECEIVED, MpesaKind.DEPOSIT,
                      MpesaKind.MSHWARI_WITHDRAWAL, MpesaKind.KCB_MPESA_WITHDRAWAL})
PAYMENT_KINDS = frozenset({MpesaKind.SENT, MpesaKind.POCHI, MpesaKind.PAYBILL, MpesaKind.BUY_GOODS})
# Kinds whose every genuine message prints the new M-PESA balance (a Fuliza-funded one prints Ksh0.00).
BALANCED = OUTGOING | INCOMING
FUTURE_SLACK = timedelta(minutes=10)   # handset and server clocks differ a little
RECYCLED = timedelta(days=14)          # a member forwards a payment within days; weeks later it is an old SMS
CODE_SLACK_DAYS = 1                    # around midnight and for delayed notices the code's day is the day before


@dataclass(frozen=True, slots=True)
class Context:
    """What we know besides the text. Times are naive Nairobi wall-clock, like the SMS. The previous_*
    fields describe the member's last forwarded confirmation (its balance, time and daily-limit line)."""

    forwarded_at: datetime | None = None
    expected_recipients: tuple[str, ...] = ()   # names, phones, paybill/till numbers, account names
    previous_balance: Money | None = None
    previous_at: datetime | None = None
    previous_remaining: Money | None = None


@dataclass(frozen=True, slots=True)
class Features:
    values: list[float]            # aligned with SIGNALS
    outcome: Outcome
    message: MpesaMessage | None
    code: str | None


class Reading(NamedTuple):
    values: list[float]
    outcome: Outcome
    message: MpesaMessage | None
    code: str | None


def extract(text: str, context: Context = Context()) -> Features:
    return Features(*read(text, context))


def read(text: str, context: Context = Context()) -> Reading:
    outcome, result = classify(text)
    message = result if isinstance(result, MpesaMessage) else None
    clean = normalise(text)
    surface = read_surface(text, clean)
    printed = message.occurred_at if message is not None else (
        datetime.combine(surface.printed_date, datetime.min.time()) if surface.printed_date else None)
    code = (message.code if message else None) or (
        str(result.receipt_code) if isinstance(result, UnrecognisedMessage) and result.receipt_code else surface.code)
    values = [0.0] * len(SIGNALS)

    def on(name: str, value: bool = True) -> None:
        if value:
            values[INDEX[name]] = 1.0

    on("unrecognised", outcome is Outcome.UNRECOGNISED)
    on("not_a_confirmation", outcome is Outcome.NOT_A_CONFIRMATION)
    if outcome is not Outcome.NOT_A_CONFIRMATION:
        _code_signals(on, code, printed, message)
        _time_signals(on, printed, context)
        on("balance_hidden", surface.masked_balance)
    if message is not None:
        _recipient_signals(on, message, context.expected_recipients)
        _money_signals(on, message, surface.daily_remaining, looks_cut(text, clean))
        _chain_signals(on, message, surface.daily_remaining, context)
    return Reading(values, outcome, message, code)


def _code_signals(on, code: str | None, printed: datetime | None, message: MpesaMessage | None) -> None:  # type: ignore[no-untyped-def]
    if not code:
        on("code_missing", message is None or message.kind in PAYMENT_KINDS)
        return
    shape = code_shape(code, printed.date() if printed else None)
    on("code_shape", shape == "bad")
    on("code_era", shape == "era")
    if printed is not None and rule_applies(code, printed.date()):
        far = days_apart(code, printed.date())
        on("code_date_mismatch", implied_date(code) is None or (far is not None and far > CODE_SLACK_DAYS))


def _time_signals(on, printed: datetime | None, context: Context) -> None:  # type: ignore[no-untyped-def]
    if context.forwarded_at is None or printed is None:
        return
    on("date_future", printed > context.forwarded_at + FUTURE_SLACK)
    on("recycled", context.forwarded_at - printed > RECYCLED)


def _norm(value: str) -> str:
    return " ".join(value.upper().split())


def _phone_tail(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-3:] if "*" in value or "X" in value.upper() else digits[-9:]


@lru_cache(maxsize=4096)
def _payees(expected: tuple[str, ...]) -> tuple[list[str], set[str], list[str]]:
    """The chama's expected payees normalised once: a chama sends the same few with every claim."""
    wanted = [_norm(e) for e in expected if e.strip()]
    numbers = {_phone_tail(e) for e in wanted if sum(ch.isdigit() for ch in e) >= 9}
    names = [w for w in wanted if not w.replace(" ", "").replace("+", "").isdigit()]
    return wanted, numbers, names


def _recipient_signals(on, message: MpesaMessage, expected: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    if not expected or message.kind not in PAYMENT_KINDS:
        return
    wanted, numbers, names = _payees(expected)
    name, account = _norm(message.counterparty_name or ""), _norm(message.account or "")
    number = _norm(message.counterparty_number or "")
    name_ok = any(w in name or (name and name in w) for w in names)
    account_ok = any(w == account or w in account or w == number for w in wanted if account or number)
    phone = message.counterparty_phone
    phone_ok = None if not phone or not numbers else any(n.endswith(_phone_tail(phone)) for n in numbers)
    if (name_ok or account_ok or (phone_ok and not names)) and phone_ok is not False:
        return
    on("recipient_partial" if name_ok or phone_ok else "recipient_mismatch")


def _money_signals(on, message: MpesaMessage, remaining: Money | None, cut: bool) -> None:  # type: ignore[no-untyped-def]
    amount, balance, kind = message.amount, message.balance, message.kind
    if balance is None and kind in BALANCED and not cut:
        on("balance_hidden")
    if amount is None:
        return
    # Safaricom prints the balance before a Fuliza sweep, so a receipt never exceeds it
    on("receipt_exceeds_balance", kind in INCOMING and balance is not None and amount > balance)
    if kind is MpesaKind.FULIZA_LOAN and message.outstanding is not None:
        on("fuliza_sum_broken", message.outstanding < amount + (message.cost or tariffs.NOTHING))
    day = message.occurred_at.date() if message.occurred_at else None
    if day is None:
        return
    if message.cost is not None and kind in tariffs.TRANSFER_KINDS:
        on("cost_mismatch", tariffs.cost_fits(kind, amount, message.cost, day) is False)
    limit = tariffs.daily_limit(day)
    if remaining is not None and limit is not None:
        # the line counts down by the amount alone (498,340 then 498,300 after sending 40)
        on("daily_limit_broken", remaining + (amount if kind in OUTGOING else tariffs.NOTHING) > limit)


def _chain_signals(on, message: MpesaMessage, remaining: Money | None, context: Context) -> None:  # type: ignore[no-untyped-def]
    """Against the member's previous forwarded message of the same day: what the day has spent only
    grows, by at least this amount; and when it grew by exactly this amount nothing else went out in
    between, so the balance can only be the old one less this payment plus whatever came in."""
    before, at = context.previous_remaining, context.previous_at
    if before is None or remaining is None or at is None or message.occurred_at is None or message.amount is None:
        return
    if at.date() != message.occurred_at.date() or at >= message.occurred_at or message.kind not in OUTGOING:
        return
    spent = before - remaining
    on("daily_chain_broken", spent < message.amount)
    if spent == message.amount and context.previous_balance is not None and message.balance is not None:
        floor = context.previous_balance - message.amount - (message.cost or tariffs.NOTHING)
        on("balance_chain_broken", message.balance < floor)

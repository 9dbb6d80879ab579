"""The fraud model's inputs: named signals that reflect how forgeries are
made, plus hashed character n-grams of the text's shape. Pure: the caller
hands in the text and a `Context` of what we already know (when it was
forwarded, whom the chama expects to be paid, the member's previous
balance); nothing here reads a database or a clock.

Change `SIGNALS`, the n-gram scheme or any rule's meaning and bump
`FEATURE_VERSION`: a saved model refuses to load against other features.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from ..core.money import Money
from ..core.mpesa_message import MpesaKind, MpesaMessage
from ..parser.mpesa_errors import MalformedConfirmation
from ..parser.mpesa_parser import Outcome, classify
from ..parser.receipt_code import days_apart, implied_date
from . import tariffs
from .grams import grams_of
from .surface import Surface, code_shape, is_modern, read_surface

FEATURE_VERSION = 5
SIGNALS = (
    "grammar_broken", "not_a_confirmation", "code_missing", "code_shape", "code_era", "code_date_invalid",
    "code_date_far", "date_future", "date_stale", "date_very_stale", "recipient_mismatch",
    "recipient_partial", "recipient_match", "balance_missing", "balance_chain_exact",
    "balance_chain_broken", "cost_mismatch", "cost_missing", "cost_ok", "daily_limit_broken",
    "daily_line_missing", "confirmed_no_stop", "code_lowercase", "time_padded", "meridiem_lower",
    "date_padded", "amount_spaced", "amount_no_cents", "name_single_space", "odd_characters",
    "masked_value", "era_old", "language_sw", "incoming", "no_forward_time", "no_expected_recipient",
)
INDEX = {name: i for i, name in enumerate(SIGNALS)}
OUTGOING = frozenset({MpesaKind.SENT, MpesaKind.POCHI, MpesaKind.PAYBILL, MpesaKind.BUY_GOODS,
                      MpesaKind.WITHDRAWAL, MpesaKind.AIRTIME, MpesaKind.AIRTIME_OTHER,
                      MpesaKind.MSHWARI_DEPOSIT})
INCOMING = frozenset({MpesaKind.RECEIVED, MpesaKind.B2C_RECEIVED, MpesaKind.DEPOSIT,
                      MpesaKind.MSHWARI_WITHDRAWAL, MpesaKind.C2B_BUSINESS_RECEIPT})
PAYMENT_KINDS = frozenset({MpesaKind.SENT, MpesaKind.POCHI, MpesaKind.PAYBILL, MpesaKind.BUY_GOODS})
CHARGED = frozenset({MpesaKind.SENT, MpesaKind.POCHI, MpesaKind.PAYBILL, MpesaKind.BUY_GOODS,
                     MpesaKind.WITHDRAWAL})
PERSON_KINDS = frozenset({MpesaKind.SENT, MpesaKind.POCHI, MpesaKind.RECEIVED})
# Fuliza notices print no time, only a due date, and space their amounts ("Ksh 139.46")
UNDATED = frozenset({MpesaKind.FULIZA_LOAN, MpesaKind.FULIZA_REPAYMENT})
FUTURE_SLACK = timedelta(minutes=10)   # handset and server clocks differ a little
STALE = timedelta(days=3)
VERY_STALE = timedelta(days=14)


def _undated(surface: Surface) -> Surface:
    return surface._replace(printed_date=None, date_padded=False, amount_spaced=False)


@dataclass(frozen=True, slots=True)
class Context:
    """What we know besides the text. Times are naive Nairobi wall-clock, like the SMS."""

    forwarded_at: datetime | None = None
    expected_recipients: tuple[str, ...] = ()   # names, phones, paybill/till numbers, account names
    previous_balance: Money | None = None       # on the member's previous forwarded confirmation
    previous_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Features:
    values: list[float]            # aligned with SIGNALS
    grams: list[int]               # distinct n-gram buckets
    outcome: Outcome
    message: MpesaMessage | None
    code: str | None


class Reading(NamedTuple):
    """Everything but the n-grams: a batch hashes those for many messages at once (grams.wording_sums)."""

    values: list[float]
    outcome: Outcome
    message: MpesaMessage | None
    code: str | None


def extract(text: str, context: Context = Context()) -> Features:
    values, outcome, message, code = read(text, context)
    return Features(values, grams_of(text), outcome, message, code)


def read(text: str, context: Context = Context()) -> Reading:
    outcome, result = classify(text)
    message = result if isinstance(result, MpesaMessage) else None
    printed = message.occurred_at if message and message.occurred_at else None
    surface = read_surface(text)
    if message is not None and message.kind in UNDATED:
        surface = _undated(surface)
    when = printed or (datetime.combine(surface.printed_date, datetime.min.time())
                       if surface.printed_date and message is None else None)
    code = (message.code if message else None) or (
        str(result.receipt_code) if isinstance(result, MalformedConfirmation) and result.receipt_code
        else surface.code)
    values = [0.0] * len(SIGNALS)

    def on(name: str, value: float = 1.0) -> None:
        values[INDEX[name]] = value

    on("grammar_broken", outcome is Outcome.MALFORMED)
    on("not_a_confirmation", outcome is Outcome.NOT_A_CONFIRMATION)
    _code_signals(on, code, when)
    _time_signals(on, when, context)
    _surface_signals(on, surface, message)
    if message is not None:
        _recipient_signals(on, message, context.expected_recipients)
        _money_signals(on, message, context, surface)
    on("no_expected_recipient", not context.expected_recipients)
    return Reading(values, outcome, message, code)


def _code_signals(on, code: str | None, when: datetime | None) -> None:  # type: ignore[no-untyped-def]
    shape = code_shape(code, when.date() if when else None)
    on("code_missing", shape == "missing")
    on("code_shape", shape == "bad")
    on("code_era", shape == "era")
    on("era_old", shape == "old")
    if shape == "modern" and code:
        if implied_date(code) is None:
            on("code_date_invalid")
        elif when is not None and (days_apart(code, when.date()) or 0) > 1:
            on("code_date_far")


def _time_signals(on, when: datetime | None, context: Context) -> None:  # type: ignore[no-untyped-def]
    if context.forwarded_at is None:
        on("no_forward_time")
        return
    if when is None:
        return
    if when > context.forwarded_at + FUTURE_SLACK:
        on("date_future")
    age = context.forwarded_at - when
    on("date_stale", age > STALE)
    on("date_very_stale", age > VERY_STALE)


def _surface_signals(on, surface: Surface, message: MpesaMessage | None) -> None:  # type: ignore[no-untyped-def]
    on("confirmed_no_stop", surface.confirmed_no_stop)
    on("code_lowercase", surface.code_lowercase)
    on("time_padded", surface.time_padded)
    on("meridiem_lower", surface.meridiem_lower)
    on("date_padded", surface.date_padded)
    on("amount_spaced", surface.amount_spaced)
    on("amount_no_cents", surface.amount_no_cents)
    on("odd_characters", surface.odd_characters)
    on("masked_value", surface.masked_value)
    if message is None:
        return
    on("language_sw", message.language == "sw")
    on("incoming", message.kind in INCOMING)
    modern = is_modern(message.occurred_at.date() if message.occurred_at else None)
    if modern and message.kind in PERSON_KINDS and surface.person_single_space:
        on("name_single_space")
    if modern and message.kind in CHARGED and not surface.has_daily_line:
        on("daily_line_missing")


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
    name_ok = any(w in name or (name and name in w) for w in names)
    account_ok = bool(account) and any(w == account or w in account for w in wanted)
    phone = message.counterparty_phone
    phone_ok = None if not phone or not numbers else any(n.endswith(_phone_tail(phone)) for n in numbers)
    if (name_ok or account_ok or (phone_ok and not names)) and phone_ok is not False:
        on("recipient_match")
    elif name_ok or phone_ok:
        on("recipient_partial")
    else:
        on("recipient_mismatch")


def _money_signals(on, message: MpesaMessage, context: Context, surface: Surface) -> None:  # type: ignore[no-untyped-def]
    if message.balance is None and message.kind in OUTGOING | INCOMING:
        on("balance_missing")
    amount, cost = message.amount, message.cost or tariffs.NOTHING
    day = message.occurred_at.date() if message.occurred_at else None
    if amount is None or day is None:
        return
    if message.cost is not None:
        fits = tariffs.cost_fits(message.kind, amount, message.cost, day)
        on("cost_ok", fits is True)
        on("cost_mismatch", fits is False)
    elif message.kind in CHARGED and day >= tariffs.TARIFF_2021:
        on("cost_missing")
    limit = tariffs.daily_limit(day)
    if surface.daily_remaining is not None and limit is not None:
        # the line counts down by the amount alone (corpus: 498,340 then 498,300 after sending 40)
        used = amount if message.kind in OUTGOING else tariffs.NOTHING
        on("daily_limit_broken", surface.daily_remaining + used > limit)
    _chain_signals(on, message, context, amount, cost)


def _chain_signals(on, message: MpesaMessage, context: Context, amount: Money, cost: Money) -> None:  # type: ignore[no-untyped-def]
    previous, balance = context.previous_balance, message.balance
    if previous is None or balance is None or message.kind not in OUTGOING | INCOMING:
        return
    if context.previous_at is not None and message.occurred_at is not None \
            and context.previous_at >= message.occurred_at:
        return
    step = amount if message.kind in INCOMING else -(amount + cost)
    exact = previous + step == balance
    on("balance_chain_exact", exact)
    on("balance_chain_broken", not exact)

"""Turns the M-Pesa grammar's parse into an `MpesaMessage`.

Values are made at the leaves (Money, E.164 phones, datetimes); each kind
rule then gathers its leaves into one message. A leaf that breaks its own
rules (31/2/24, 13:75 PM, an amount past Money's range) raises
`BadValue`, which the parser reports as a malformed confirmation.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from lark import Transformer

from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind, MpesaMessage
from chamabora.core.phone import normalize_phone


_DATE_WORDS = frozenset({"on", "tarehe", "mnamo", "siku"})
# The date and the time inside a WHEN token, which has already checked their shapes.
_DATE_AND_TIME = re.compile(r"([0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})\D+?([0-9]{1,2}:[0-9]{1,2}\s?[AaPp][Mm])")
_CODE_TEXT = re.compile(r"[A-Z0-9]+")


class BadValue(ValueError):
    """A token had the right shape but an impossible value."""


_SEPARATORS = " \t\r\n\u00a0.,"


def money_from(text: str) -> Money:
    digits = text.strip(_SEPARATORS)
    lowered = digits.lower()
    # Safaricom writes the currency before the figure ("Ksh1,000.00") and,
    # in 2011-era reversals, after it ("0Ksh").
    for prefix in ("ksh.", "ksh", "kes"):
        if lowered.startswith(prefix):
            digits = digits[len(prefix):]
            break
    else:
        if lowered.endswith("ksh"):
            digits = digits[:-3]
    plain = digits.strip().replace(",", "")
    cents = plain_cents(plain)
    if cents is not None:
        return Money(cents)
    try:
        # The MONEY terminal already fixed the shape; only the value is left to check.
        return Money.from_decimal(Decimal(plain))
    except ChamaError as exc:
        raise BadValue(str(exc)) from exc


def plain_cents(figure: str) -> int | None:
    """The cents of a plain figure ("2528", "0.5", "585.26"), or None for anything else (other digits,
    signs, more decimals, absurd lengths), which Decimal then reads. Integer arithmetic gives exactly
    what Decimal gives for these, in a fraction of the time, and most figures are like this."""
    whole, point, cents = figure.partition(".")
    if whole.isascii() and whole.isdigit() and len(whole) <= 12 and \
            (not point or (cents.isascii() and cents.isdigit() and len(cents) <= 2)):
        return int(whole) * 100 + (int(cents.ljust(2, "0")) if point else 0)
    return None


def day_of(date_text: str) -> date:
    day, month, year = map(int, date_text.split("/"))
    try:
        return date(year + (2000 if year < 100 else 0), month, day)
    except ValueError as exc:
        raise BadValue(f"no such date {date_text!r}") from exc


def occurred(date_text: str, time_text: str) -> datetime:
    day = day_of(date_text)
    clock, half = time_text[:-2].strip(), time_text[-2:].upper()
    hour, minute = (int(part) for part in clock.split(":"))
    if not (1 <= hour <= 12 and 0 <= minute <= 59):
        raise BadValue(f"no such time {time_text!r}")
    hour = hour % 12 + (12 if half == "PM" else 0)
    return datetime(day.year, day.month, day.day, hour, minute)


def phone_from(text: str) -> str:
    if "*" in text or "X" in text.upper():
        return text  # masked by Safaricom: keep exactly what was printed
    return normalize_phone(text)


def name_fields(words: list[str]) -> dict:
    """A printed name as Safaricom's fields: the agent, bank or business number it carries (before the
    name as "2059881 - JAMBU COMTECH", after it as "Equity Bulk Account 300600") is its own field, and
    only the last word loses the separator after it, unless that word is an initial ("MORRIS M.")."""
    words = [word.rstrip() for word in words]
    fields: dict = {}
    if len(words) > 2 and words[0].isdigit() and words[1] == "-":
        fields["counterparty_number"], words = words[0], words[2:]
    elif len(words) > 1 and len(words[-1].rstrip(_SEPARATORS)) >= 5 and words[-1].rstrip(_SEPARATORS).isdigit():
        fields["counterparty_number"], words = words[-1].rstrip(_SEPARATORS), words[:-1]
    last = words[-1].rstrip(_SEPARATORS)
    if len(last) == 1 and last.isalpha() and words[-1][1:2] == ".":
        last += "."
    fields["counterparty_name"] = " ".join(words[:-1] + [last])
    return fields


def _gather(kind: MpesaKind, children: list) -> dict:
    fields: dict = {"kind": kind}
    for child in children:
        if isinstance(child, tuple):
            fields[child[0]] = child[1]
        elif isinstance(child, dict):
            fields.update(child)
    return fields


def _kind_rule(kind: MpesaKind):
    def rule(self, children):
        return _gather(kind, children)

    rule.__name__ = kind.value
    return rule


class MpesaTransformer(Transformer):
    """Rule callbacks, run inline by the LALR parser (no tree is built)."""

    received = _kind_rule(MpesaKind.RECEIVED)
    sent = _kind_rule(MpesaKind.SENT)
    paybill = _kind_rule(MpesaKind.PAYBILL)
    buy_goods = _kind_rule(MpesaKind.BUY_GOODS)
    withdrawal = _kind_rule(MpesaKind.WITHDRAWAL)
    deposit = _kind_rule(MpesaKind.DEPOSIT)
    pochi_received = _kind_rule(MpesaKind.POCHI_RECEIVED)
    pochi_move = _kind_rule(MpesaKind.POCHI_MOVE)
    kcb_mpesa_deposit = _kind_rule(MpesaKind.KCB_MPESA_DEPOSIT)
    kcb_mpesa_withdrawal = _kind_rule(MpesaKind.KCB_MPESA_WITHDRAWAL)
    limit_notice = _kind_rule(MpesaKind.FULIZA_LIMIT)
    c2b_business_receipt = _kind_rule(MpesaKind.C2B_BUSINESS_RECEIPT)
    airtime = _kind_rule(MpesaKind.AIRTIME)
    reversal = _kind_rule(MpesaKind.REVERSAL)
    fuliza_loan = _kind_rule(MpesaKind.FULIZA_LOAN)
    fuliza_repayment = _kind_rule(MpesaKind.FULIZA_REPAYMENT)
    mshwari_deposit = _kind_rule(MpesaKind.MSHWARI_DEPOSIT)
    mshwari_withdrawal = _kind_rule(MpesaKind.MSHWARI_WITHDRAWAL)
    balance = _kind_rule(MpesaKind.BALANCE)

    def start(self, children):
        return children[0]

    def confirmation(self, children):
        fields = dict(children[1])
        fields["code"] = children[0]
        return fields

    def failure(self, children):
        code = next((child.strip(_SEPARATORS) for child in children if getattr(child, "type", "") == "CODE"), None)
        return {"kind": MpesaKind.FAILURE, "code": code}

    def header(self, children):
        return _CODE_TEXT.match(children[0]).group(0) if children else None  # CODE or CODE_CONFIRMED

    def mshwari_out(self, children):
        return children[0]

    def party(self, children):
        fields: dict = {}
        for child in children:
            fields.update(child) if isinstance(child, dict) else fields.__setitem__(*child)
        return fields

    def name(self, words):
        return name_fields([str(word) for word in words])

    def phone(self, children):
        return ("counterparty_phone", phone_from(children[0].strip(_SEPARATORS)))

    def account(self, children):
        text = " ".join(str(word).rstrip() for word in children).rstrip(_SEPARATORS)
        # The lexer cannot offer "on" as a keyword where an account is due, so an
        # account left blank would silently swallow the date's leading word.
        if text.lower() in _DATE_WORDS:
            raise BadValue("account number missing")
        return ("account", text)

    account_number = account

    def related_code(self, children):
        return ("related_code", children[0].strip(_SEPARATORS))

    def when(self, children):
        if len(children) == 1:  # WHEN
            found = _DATE_AND_TIME.search(children[0])
            return ("occurred_at", occurred(found.group(1), found.group(2)))
        date_text, time_text = (t.strip(_SEPARATORS) for t in children)
        return ("occurred_at", occurred(date_text, time_text))

    def amount(self, children):
        return ("amount", money_from(str(children[0])))

    def other_money(self, children):
        return ("other_balance", money_from(str(children[0])))

    def limit_value(self, children):
        return ("limit", money_from(str(children[0])))

    def outstanding_value(self, children):
        return ("outstanding", money_from(str(children[0])))

    def due(self, children):
        return ("due_date", day_of(children[0].strip(_SEPARATORS)))

    def balance_value(self, children):
        return ("balance", money_from(str(children[0])))

    bare_balance = balance_value

    def cost_money(self, children):
        return ("cost", money_from(str(children[0])))

    def balance_clause(self, children):
        return children[0]

    mpesa_balance = balance_clause
    cost = balance_clause
    mshwari_balance = balance_clause
    kcb_balance = balance_clause
    pochi_balance = balance_clause
    business_balance = balance_clause
    available_limit = balance_clause

    def outstanding(self, children):
        return dict(children)


# The other side of a move within Safaricom's own services, which the SMS names only in its wording.
_HOLDERS = {
    MpesaKind.FULIZA_LOAN: "Fuliza M-PESA", MpesaKind.FULIZA_REPAYMENT: "Fuliza M-PESA",
    MpesaKind.FULIZA_LIMIT: "Fuliza M-PESA", MpesaKind.MSHWARI_DEPOSIT: "M-Shwari",
    MpesaKind.MSHWARI_WITHDRAWAL: "M-Shwari", MpesaKind.KCB_MPESA_DEPOSIT: "KCB M-PESA",
    MpesaKind.KCB_MPESA_WITHDRAWAL: "KCB M-PESA", MpesaKind.POCHI_MOVE: "Pochi la Biashara",
}


def build_message(fields: dict, raw: str, language: str) -> MpesaMessage:
    """Settle the kinds the wording alone cannot tell apart, then freeze."""
    kind = fields["kind"]
    phone = fields.get("counterparty_phone")
    if kind is MpesaKind.RECEIVED and phone is None:
        kind = MpesaKind.B2C_RECEIVED  # banks and businesses print no phone
    elif kind is MpesaKind.SENT and phone is None:
        kind = MpesaKind.POCHI  # Pochi la Biashara hides the trader's number
    elif kind is MpesaKind.AIRTIME and phone is not None:
        kind = MpesaKind.AIRTIME_OTHER
    amount = fields.get("amount")
    if kind is MpesaKind.BALANCE:
        amount = fields.get("balance")
    name = fields.get("counterparty_name") or _HOLDERS.get(kind)
    return MpesaMessage(
        kind=kind,
        code=fields.get("code"),
        amount=amount,
        counterparty_name=name,
        counterparty_phone=phone,
        account=fields.get("account"),
        occurred_at=fields.get("occurred_at"),
        balance=fields.get("balance"),
        cost=fields.get("cost"),
        raw=raw,
        language=language,
        related_code=fields.get("related_code"),
        counterparty_number=fields.get("counterparty_number"),
        other_balance=fields.get("other_balance"),
        outstanding=fields.get("outstanding"),
        due_date=fields.get("due_date"),
        limit=fields.get("limit"),
    )

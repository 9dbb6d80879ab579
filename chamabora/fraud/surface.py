"""What a forwarded text shows besides the fields the grammar reads: the
code and date of a text the grammar could not read, whether its balance is
hidden ("*LOCKED*", "KshXXX", as fakes print it), and the "Amount you can
transact within the day" line. Pure functions over strings.

Nothing here judges how a message is written: spacing, casing and padding
vary with handsets and forwarding (see parser/mpesa_forwarding.py).
"""
from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from chamabora.core.money import Money
from chamabora.parser.mpesa_parser import normalise
from chamabora.parser.mpesa_transformer import plain_cents

# 2011-2014 codes: BS49OR201, DT85TH896, EV52AY844 ... (one published as BD760J757: O read as 0)
CODE_OLD = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9][A-Z]\d{3}$")
CODE_NINE = re.compile(r"^[A-Z][A-Z0-9]{8}$")
CODE_MODERN = re.compile(r"^[A-Z][A-Z0-9]{9}$")
NINE_CHARACTER_UNTIL = date(2016, 1, 1)   # JGU0SWAWMQ (30/7/15) is ten characters; BM46ST941 (6/7/11) nine
TEN_CHARACTER_FROM = date(2014, 1, 1)     # every 2011-2013 code seen is nine characters
_ANY_CODE = re.compile(r"\b([A-Za-z0-9]{6,13})\s*[.,]?\s*(?:confirmed|imethibitishwa)\b", re.I)
_FIRST_CODE = re.compile(r"\b([A-Z0-9]{8,12})\b")
_DATE = re.compile(r"(\d{1,4})/(\d{1,2})/(\d{2,4})")
_MASKED = re.compile(r"K(?:sh|ES)\.?\s?[X*]{2,}|\*\(?LO+CKED\)?\*|\bLO+CKED\b|balance is\s*[X*]{2,}", re.I)
_DAILY = re.compile(r"(?:within the day is|kwa siku ni)\s*(?:Ksh\.?\s?)?(\d[\d,]*(?:\.\d{1,2})?)", re.I)


class Surface(NamedTuple):
    code: str | None
    printed_date: date | None
    masked_balance: bool
    daily_remaining: Money | None


def _printed_date(text: str) -> date | None:
    found = _DATE.search(text)
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def _money(text: str) -> Money | None:
    plain = text.replace(",", "")
    cents = plain_cents(plain)
    if cents is not None:
        return Money(cents)
    try:
        return Money.parse(plain)
    except Exception:  # noqa: BLE001 - an unreadable figure is simply not read
        return None


def is_masked(text: str) -> bool:
    """`_MASKED.search(text)`, skipped when it cannot match: any match holds two of X, x, * in a row or
    "cked" in some casing (re.I folds those letters only to their ASCII cases, and K to the Kelvin sign)."""
    low = text.lower()
    if "xx" in low or "x*" in low or "*x" in low or "**" in low or "cked" in low:
        return _MASKED.search(text) is not None
    return False


def read_surface(text: str, clean: str | None = None) -> Surface:
    """`clean`: the text already through the parser's `normalise` (a WhatsApp header's date is not the
    message's), when the caller has it."""
    text = normalise(text) if clean is None else clean
    head = _ANY_CODE.search(text[:60]) or _FIRST_CODE.search(text[:40])
    daily = _DAILY.search(text)
    return Surface(code=head.group(1) if head else None, printed_date=_printed_date(text),
                   masked_balance=is_masked(text), daily_remaining=_money(daily.group(1)) if daily else None)


def code_shape(code: str | None, printed: date | None) -> str:
    """'missing', 'bad', 'nine', 'ten', or 'era' when the code's length belongs to another time than its date."""
    if not code:
        return "missing"
    if CODE_MODERN.match(code):
        return "era" if printed is not None and printed < TEN_CHARACTER_FROM else "ten"
    if CODE_NINE.match(code) and any(ch.isdigit() for ch in code):
        return "era" if printed is not None and printed >= NINE_CHARACTER_UNTIL else "nine"
    return "bad"

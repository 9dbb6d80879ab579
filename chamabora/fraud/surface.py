"""How a confirmation is written, read straight from its raw text: the
casing, spacing and punctuation that Safaricom's templates keep exactly
and a person retyping or editing an SMS tends to get wrong. Pure functions
over strings; the grammar decides *what* a message says, this module notices
*how* it says it.

Every rule here comes from the genuine corpus (tests/fixtures/
mpesa_messages.json): codes are upper case; "Confirmed." carries a full
stop in English; hours are never zero-padded ("3:55 PM"); dates print as
d/m/yy; amounts carry cents ("Ksh500.00") from 2011; and since 2019 a
person's first and last names are separated by two spaces ("ROBERT  NGENO",
"Eliud  Otieno"), which retyped names almost never copy.
"""
from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..core.money import Money
from ..parser.mpesa_transformer import plain_cents

# 2011-2014 codes: BS49OR201, DT85TH896, EV52AY844 ... (one published as BD760J757: O read as 0)
CODE_OLD = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9][A-Z]\d{3}$")
CODE_MODERN = re.compile(r"^[A-Z][A-Z0-9]{9}$")
_HEAD = re.compile(r"^\s*([A-Za-z0-9]{6,13})\s*([.,]?)\s*(confirmed|imethibitishwa)\b(\.?)", re.I)
_ANY_CODE = re.compile(r"\b([A-Z0-9]{8,12})\b")
_DATE = re.compile(r"(\d{1,4})/(\d{1,2})/(\d{2,4})")
_TIME = re.compile(r"(\d{1,2}):(\d{1,2})\s?([AaPp][Mm])")
_AMOUNT = re.compile(r"(Ksh|KES|KSH|ksh)(\.?)(\s*)(\d[\d,]*)(\.\d+)?")
_MASKED = re.compile(r"K(?:sh|ES)\.?\s?[X*]{2,}|\*LOCKED\*|\bLOCKED\b|balance is\s*[X*]{2,}", re.I)
_ODD = re.compile(r"[^\x20-\x7e\n\r]|\t")
_DAILY = re.compile(r"(?:within the day is|kwa siku ni)\s*(?:Ksh\.?\s?)?(\d[\d,]*(?:\.\d{1,2})?)", re.I)
# Amounts carry cents from mid-2011 (pesaPi corpus, 15/10/11: "Ksh50.00"; earlier: "Ksh1,235").
CENTS_FROM = date(2011, 7, 1)
_PERSON = re.compile(r"(?:sent to|from|imetumwa kwa|kutoka(?: kwa)?)\s+([A-Za-z'\-]+)(\s+)[A-Za-z]")


class Surface(NamedTuple):
    """What the raw text shows, independent of whether the grammar accepted it (a NamedTuple: made
    for every message scored, and a frozen dataclass of this size takes four times as long to make)."""

    code: str | None
    code_lowercase: bool
    confirmed_no_stop: bool
    printed_date: date | None
    date_padded: bool
    time_padded: bool
    meridiem_lower: bool
    amount_spaced: bool
    amount_no_cents: bool
    masked_value: bool
    odd_characters: bool
    daily_remaining: Money | None
    has_daily_line: bool
    person_single_space: bool | None


def _printed_date(text: str) -> tuple[date | None, bool]:
    found = _DATE.search(text)
    if not found:
        return None, False
    day, month, year = found.groups()
    padded = len(day) > 2 or len(year) == 4 or (len(day) == 2 and day[0] == "0") \
        or (len(month) == 2 and month[0] == "0")
    try:
        number = int(year)
        return date(number + 2000 if number < 100 else number, int(month), int(day)), padded
    except ValueError:
        return None, True


def _head(text: str) -> tuple[str | None, bool, bool]:
    found = _HEAD.match(text)
    if found:
        code, _sep, word, stop = found.groups()
        english = word.lower() == "confirmed"
        return code.upper(), code != code.upper(), english and not stop
    other = _ANY_CODE.search(text[:40])
    return (other.group(1) if other else None), False, False


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
    """`_MASKED.search(text)`, skipped when it cannot match. Under re.I the engine tries every position;
    any match holds two of X, x, * in a row or "ocked" in some casing, and under re.I those letters
    match only their two ASCII cases (and K the Kelvin sign, which lower() also makes "k")."""
    low = text.lower()
    if "xx" in low or "x*" in low or "*x" in low or "**" in low or "ocked" in low:
        return _MASKED.search(text) is not None
    return False


def has_odd_characters(text: str) -> bool:
    """`_ODD.search(text)` without the scan: any non-ASCII character is odd, and within ASCII the
    odd ones are the control characters other than newlines, which isprintable() also refuses."""
    return not text.isascii() or not text.replace("\n", "").replace("\r", "").isprintable()


def read_surface(text: str) -> Surface:
    code, lower, no_stop = _head(text)
    printed, date_padded = _printed_date(text)
    cents = printed is not None and printed >= CENTS_FROM
    clock = _TIME.search(text)
    amount = _AMOUNT.search(text)
    daily = _DAILY.search(text)
    person = _PERSON.search(text)
    return Surface(
        code=code, code_lowercase=lower, confirmed_no_stop=no_stop,
        printed_date=printed, date_padded=date_padded,
        time_padded=bool(clock and len(clock.group(1)) == 2 and clock.group(1)[0] == "0"),
        meridiem_lower=bool(clock and clock.group(3) != clock.group(3).upper()),
        amount_spaced=bool(cents and amount and amount.group(3)),
        amount_no_cents=bool(cents and amount and not amount.group(5)),
        masked_value=is_masked(text),
        odd_characters=has_odd_characters(text),
        daily_remaining=_money(daily.group(1)) if daily else None,
        has_daily_line=daily is not None,
        person_single_space=(person.group(2) == " ") if person else None)


def code_shape(code: str | None, printed: date | None) -> str:
    """'missing', 'bad', 'old', 'modern', or 'era' when the shape belongs to another era."""
    if not code:
        return "missing"
    if CODE_MODERN.match(code):
        return "era" if printed is not None and printed < date(2018, 1, 1) else "modern"
    if CODE_OLD.match(code):
        return "era" if printed is not None and printed >= date(2018, 1, 1) else "old"
    return "bad"


def is_modern(printed: date | None) -> bool:
    """Ten-character codes, printed cents and the daily-limit line: 2019 onwards."""
    return printed is not None and printed >= date(2019, 1, 1)

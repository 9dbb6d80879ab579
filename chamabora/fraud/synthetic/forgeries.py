"""Forgeries, made the ways people make them, as edits of a genuine SMS's
text: the amount raised with the balance kept, the payee swapped for the
chama's, the date moved, an old message sent again, the balance hidden,
the message retyped with slips, a code made up.

Each maker takes the genuine text, the message the parser read from it and
what the forger knows (the chama's treasurer), and returns the forged text
and how long after the genuine payment it is forwarded. The edits are
textual, so the same makers forge the synthetic messages the model trains
on and the real ones `make eval-fraud` measures. A maker never adds a slip
to make its edit visible: an edit that leaves no evidence is counted as
missed, not helped along.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import timedelta

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaMessage

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_FIGURE = re.compile(r"(K(?:sh|ES)\.?\s?)(\d[\d,]*(?:\.\d{1,2})?)", re.I)
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")
TYPOS = (("Confirmed", "Comfirmed"), ("balance", "balanse"), ("received", "recieved"), ("Transaction", "Transation"),
         ("M-PESA", "MPESA"), ("sent to", "send to"), ("account", "acount"), ("Baki", "Bakii"))
MASKS = ("*LOCKED*", "KshXXX", "Ksh***", "Ksh XXXX.XX", "LOCKED")
Forged = tuple[str, timedelta]


def money_text(money: Money, spaced: bool, cents: bool = True) -> str:
    """`money` as the message writes figures: "5,000.00" after "Ksh", "5000.00" after "Ksh " (Fuliza)."""
    whole, part = divmod(money.cents, 100)
    return (str(whole) if spaced else f"{whole:,}") + (f".{part:02d}" if cents else "")


def _figure_of(text: str, value: Money | None, after: int = 0) -> re.Match | None:
    for found in _FIGURE.finditer(text, after):
        try:
            if value is not None and Money.parse(found.group(2).replace(",", "")) == value:
                return found
        except Exception:  # noqa: BLE001 - a figure that reads as no money is simply not this one
            continue
    return None


def _replace(text: str, found: re.Match, figure: str) -> str:
    return text[:found.start(2)] + figure + text[found.end(2):]


def _soon(rng: random.Random) -> timedelta:
    return timedelta(minutes=rng.randint(1, 240))


def edit_amount(rng: random.Random, text: str, message: MpesaMessage, **_: object) -> Forged:
    found = _figure_of(text, message.amount)
    bigger = Money(message.amount.cents * rng.choice((2, 3, 5, 10))) if message.amount else Money(0)
    if found is None:
        return text, _soon(rng)
    return _replace(text, found, money_text(bigger, found.group(1).endswith(" "), "." in found.group(2))), _soon(rng)


def change_date(rng: random.Random, text: str, message: MpesaMessage, **_: object) -> Forged:
    """The printed date moved to a day the forger needs (a payment "made" before the deadline, or an
    old one made recent); the message is forwarded soon after the date it now shows."""
    if message.occurred_at is None:
        return text, _soon(rng)
    days = rng.choice((-1, 1)) * rng.randint(3, 60)
    moved = message.occurred_at + timedelta(days=days)
    found = _DATE.search(text)
    if found is None:
        return text, _soon(rng)
    year = moved.year % 100 if len(found.group(3)) == 2 else moved.year
    forged = f"{text[:found.start()]}{moved.day}/{moved.month}/{year:02d}{text[found.end():]}"
    return forged, timedelta(days=days) + _soon(rng)


def change_name(rng: random.Random, text: str, message: MpesaMessage, *, payee: tuple[str, str],
                **_: object) -> Forged:
    """A payment to someone else, its payee replaced by the chama's treasurer (the number too, most times)."""
    name, phone = payee
    forged = text
    printed = _printed_name(text, message.counterparty_name)
    if printed:
        forged = forged.replace(printed, name if rng.random() < 0.5 else name.replace("  ", " "), 1)
    if message.account:
        forged = forged.replace(f"account {message.account}", f"account {name.split()[0]}", 1)
    if message.counterparty_phone and rng.random() < 0.7:
        digits = message.counterparty_phone.lstrip("+")
        for printed_phone in ("0" + digits[3:], digits, "+" + digits):
            if printed_phone in forged:
                forged = forged.replace(printed_phone, phone, 1)
                break
    return forged, _soon(rng)


def _printed_name(text: str, name: str | None) -> str | None:
    """The name as the text prints it (Safaricom's double spaces kept)."""
    if not name:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in name.split()), text)
    return found.group(0) if found else None


def recycled(rng: random.Random, text: str, message: MpesaMessage, **_: object) -> Forged:
    """An old genuine message forwarded again, weeks or months later, for a new payment."""
    return text, timedelta(days=rng.randint(15, 400), minutes=rng.randint(0, 600))


def invented_code(rng: random.Random, text: str, message: MpesaMessage, **_: object) -> Forged:
    length = rng.choice((10, 10, 10, 8, 9, 11))
    code = "".join(rng.choice(_ALNUM) for _ in range(length))
    if not any(ch.isdigit() for ch in code):
        code = code[:-1] + "7"
    return (text.replace(message.code, code, 1) if message.code else code + " " + text), _soon(rng)


def hidden_balance(rng: random.Random, text: str, message: MpesaMessage, **_: object) -> Forged:
    found = _figure_of(text, message.balance, (_figure_of(text, message.amount) or _DUMMY).end())
    if found is None:
        return text, _soon(rng)
    return text[:found.start()] + rng.choice(MASKS) + text[found.end():], _soon(rng)


def retyped(rng: random.Random, text: str, message: MpesaMessage, **_: object) -> Forged:
    """Typed out again with a bigger amount, and the slips retyping brings."""
    forged, after = edit_amount(rng, text, message)
    for _ in range(rng.choice((1, 1, 2, 3))):
        forged = _slip(rng, forged)
    return forged, after


def _slip(rng: random.Random, text: str) -> str:
    slips: list[Callable[[str], str]] = [
        lambda t: re.sub(r"([A-Za-z])  ([A-Za-z])", r"\1 \2", t),
        lambda t: t.replace("Confirmed.", "confirmed", 1),
        lambda t: re.sub(r"\b(\d):(\d\d) ", r"0\1:\2 ", t, count=1),
        lambda t: re.sub(r" (AM|PM)\b", lambda m: " " + m.group(1).lower(), t, count=1),
        lambda t: re.sub(r"Ksh(\d)", r"Ksh \1", t, count=1),
        lambda t: re.sub(r"\s*(?:Amount you can transact|Kiwango cha Pesa)[^.]*\.\d\d\.?", "", t),
        lambda t: _typo(rng, t),
    ]
    return rng.choice(slips)(text)


def _typo(rng: random.Random, text: str) -> str:
    present = [pair for pair in TYPOS if pair[0] in text]
    if not present:
        return text
    right, wrong = rng.choice(present)
    return text.replace(right, wrong, 1)


class _Nowhere:
    @staticmethod
    def end() -> int:
        return 0


_DUMMY = _Nowhere()

MAKERS: dict[str, Callable[..., Forged]] = {
    "edit_amount": edit_amount, "change_date": change_date, "change_name": change_name, "recycled": recycled,
    "invented_code": invented_code, "retyped": retyped, "hidden_balance": hidden_balance,
}

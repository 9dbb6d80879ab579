"""Forgeries, made the ways fakes are made: an edited amount whose balance
was not fixed, a changed date or name, a recycled or invented code, a text
retyped with small slips, a hidden balance, a wrong cost.

Each maker takes a genuine transaction (and what the forger knows: the
chama's treasurer) and returns the forged text. A forgery that would leave
no trace at all (a perfect edit) cannot be told from a genuine SMS by any
text model; that is the job of the Daraja records and the duplicate check.
So when an edit happens to leave nothing behind, the forger also retypes a
little, as people do when they rebuild a message by hand.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import timedelta

from ...core.money import Money
from ...core.mpesa_message import MpesaKind as K
from .. import tariffs
from .genuine import Txn, fields, modern_code, render

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
TYPOS = (("Confirmed", "Comfirmed"), ("balance", "balanse"), ("received", "recieved"), ("Transaction", "Transation"),
         ("M-PESA", "MPESA"), ("sent to", "send to"), ("account", "acount"), ("Baki", "Bakii"))


def _slip(rng: random.Random, text: str, values: dict[str, str]) -> str:
    """One slip a person retyping an SMS makes."""
    slips: list[Callable[[str], str]] = [
        lambda t: re.sub(r"([A-Za-z])  ([A-Za-z])", r"\1 \2", t),                    # one space in a name
        lambda t: t.replace("Confirmed.", "confirmed", 1).replace("Confirmed", "confirmed", 1),
        lambda t: re.sub(r"\b(\d):(\d\d) ", r"0\1:\2 ", t, count=1),                  # 03:22 PM
        lambda t: re.sub(r" (AM|PM)\b", lambda m: " " + m.group(1).lower(), t, count=1),
        lambda t: re.sub(r"Ksh(\d)", r"Ksh \1", t, count=1),
        lambda t: re.sub(r"Ksh([\d,]+)\.00", r"Ksh\1", t, count=1),
        lambda t: re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d\d)\b",
                         lambda m: f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/20{m.group(3)}", t, count=1),
        lambda t: re.sub(r"\s*(?:Amount you can transact|Kiwango cha Pesa)[^.]*\.\d\d\.?", "", t),
    ]
    for _ in range(4):
        changed = rng.choice(slips + [lambda t: _typo(rng, t)])(text)
        if changed != text:
            return changed
    return _typo(rng, text)


def _typo(rng: random.Random, text: str) -> str:
    present = [pair for pair in TYPOS if pair[0] in text]
    if not present:
        return text.replace(".", "", 1)
    right, wrong = rng.choice(present)
    return text.replace(right, wrong, 1)


def retype(rng: random.Random, text: str, count: int = 1) -> str:
    for _ in range(count):
        text = _slip(rng, text, {})
    return text


def edit_amount(rng: random.Random, txn: Txn, **_: object) -> str:
    factor = rng.choice((2, 3, 5, 10))
    bigger = Money(txn.amount.cents * factor)
    careful = rng.random() < 0.3 and txn.kind in tariffs.TRANSFER_KINDS
    cost = tariffs.transfer_charge(bigger, txn.at.date()) if careful else None
    forged = txn.with_(amount=bigger, cost=cost if cost is not None else txn.cost)
    return _ensure_trace(rng, txn, forged, render(forged))


def change_date(rng: random.Random, txn: Txn, *, days: int = 0, **_: object) -> str:
    return render(txn.with_(at=txn.at + timedelta(days=days or rng.randint(3, 60))))


def change_name(rng: random.Random, txn: Txn, *, payee: tuple[str, str], **_: object) -> str:
    name, phone = payee
    forged = txn.with_(name=name.replace("  ", " ") if rng.random() < 0.7 else name,
                       account=txn.account and "UMOJA", phone=txn.phone if rng.random() < 0.6 else phone)
    return _ensure_trace(rng, txn, forged, render(forged))


def recycled_code(rng: random.Random, txn: Txn, *, old_code: str, **_: object) -> str:
    return render(txn.with_(code=old_code))


def invented_code(rng: random.Random, txn: Txn, **_: object) -> str:
    length = rng.choice((10, 10, 10, 8, 9, 11))
    code = "".join(rng.choice(_ALNUM) for _ in range(length))
    if not any(ch.isdigit() for ch in code):
        code = code[:-1] + "7"
    return render(txn.with_(code=code))


def retyped(rng: random.Random, txn: Txn, **_: object) -> str:
    return retype(rng, render(txn), rng.choice((1, 1, 2, 3)))


def hidden_balance(rng: random.Random, txn: Txn, **_: object) -> str:
    values = fields(txn)
    values["bal"] = rng.choice(("*LOCKED*", "KshXXX", "Ksh***", "Ksh XXXX.XX", "LOCKED"))
    return render(txn, values)


def wrong_cost(rng: random.Random, txn: Txn, **_: object) -> str:
    right = txn.cost.cents
    choices = [c for c in (0, 500, 700, 1300, 2200, 2300, 3300, 5500, 10000) if c != right]
    return _ensure_trace(rng, txn, txn.with_(cost=Money(rng.choice(choices))), None)


def _ensure_trace(rng: random.Random, genuine: Txn, forged: Txn, text: str | None) -> str:
    """An edit that a tariff, a code date or a daily limit would not show gets a retyping slip."""
    text = text if text is not None else render(forged)
    day = forged.at.date()
    fits = tariffs.cost_fits(forged.kind, forged.amount, forged.cost, day) if forged.kind is not K.RECEIVED else True
    limit = tariffs.daily_limit(day)
    over = limit is not None and forged.remaining + forged.amount > limit
    if fits is False or over:
        return text
    return retype(rng, text)


MAKERS: dict[str, Callable[..., str]] = {
    "edit_amount": edit_amount, "change_date": change_date, "change_name": change_name,
    "recycled_code": recycled_code, "invented_code": invented_code, "retyped": retyped,
    "hidden_balance": hidden_balance, "wrong_cost": wrong_cost,
}


def new_code_for(rng: random.Random, txn: Txn) -> str:
    return modern_code(rng, txn.at)

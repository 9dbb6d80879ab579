"""Labelled samples for the fraud model: members' M-Pesa histories with
realistic amounts, tariffs and balance chains, the confirmations they
forward to their chama (genuine), and forgeries of them, each with the
`Context` the scorer would see (when it was forwarded, the chama's
expected recipient, the member's previous forwarded balance).

Genuine and forged messages alike pass through `forwarding.forward`, the
reformatting phones and WhatsApp bring, so that it is never a cue.

`generate(seed, count, holdout)` is deterministic: one `random.Random(seed)`
drives everything. `holdout=True` draws only template variants and tails
the training split never uses (see genuine.HOLDOUT).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind as K
from chamabora.fraud import tariffs
from chamabora.fraud.features import INCOMING, PAYMENT_KINDS, Context
from chamabora.parser.mpesa_parser import parse_mpesa
from chamabora.parser import mpesa_forwarding as forwarding
from chamabora.fraud.synthetic import forgeries, people
from chamabora.fraud.synthetic.genuine import TEMPLATES, Txn, modern_code, old_code, render, tail, variants

ERAS = (("2013", "en", datetime(2011, 3, 1), 1200), ("2022", "en", datetime(2021, 2, 1), 850),
        ("2025", "en", datetime(2023, 8, 1), 1150), ("2025", "sw", datetime(2024, 6, 1), 800))
AMOUNTS = (50, 100, 200, 250, 300, 500, 700, 1_000, 1_200, 1_500, 2_000, 2_500, 3_000, 5_000, 7_500, 10_000,
           15_000, 20_000)
FORGERY_WEIGHTS = (("edit_amount", 3), ("change_date", 2), ("change_name", 2), ("recycled", 2),
                   ("invented_code", 1), ("retyped", 3), ("hidden_balance", 1))


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    context: Context
    forged: bool
    how: str                       # "genuine" or the forgery maker's name
    template: str


@dataclass
class Member:
    """One member's wallet as it moves: the state a balance chain needs."""

    balance: Money
    at: datetime
    spent_today: Money
    last_forwarded: tuple[Money, datetime, Money | None] | None = None   # balance, time, daily-limit line


@dataclass(frozen=True, slots=True)
class Chama:
    treasurer: str               # as Safaricom prints a person: two spaces between names
    phone: str
    paybill: str
    till: str

    def expected(self, kind: K) -> tuple[str, ...]:
        if kind is K.PAYBILL:
            return (self.paybill, "UMOJA")
        if kind is K.BUY_GOODS:
            return (self.till,)
        return (self.treasurer.replace("  ", " "), self.phone)


def _kind(rng: random.Random, era: str, language: str, holdout: bool, forwarded: bool) -> tuple[K, str]:
    pool = (K.SENT, K.SENT, K.POCHI, K.PAYBILL, K.BUY_GOODS) if forwarded else \
        (K.SENT, K.BUY_GOODS, K.WITHDRAWAL, K.RECEIVED, K.PAYBILL, K.B2C_RECEIVED, K.DEPOSIT, K.AIRTIME,
         K.FULIZA_LOAN, K.FULIZA_REPAYMENT, K.BALANCE)
    kind = rng.choice(_offered(pool, era, language, holdout))
    return kind, rng.choice(variants(era, language, kind, holdout))


@lru_cache(maxsize=None)
def _offered(pool: tuple[K, ...], era: str, language: str, holdout: bool) -> list[K]:
    """The kinds of `pool` this era and language have a template for, in this split."""
    table = TEMPLATES[(era, language)]
    return [k for k in pool if any(kind is k for kind, _v in table) and variants(era, language, k, holdout)]


def _cost(kind: K, amount: Money, at: datetime) -> Money:
    if kind is K.PAYBILL:
        ceiling = tariffs.transfer_charge(amount, at.date())
        return ceiling if ceiling is not None and amount.cents % 3 == 0 else Money(0)
    return tariffs.expected_cost(kind, amount, at.date()) or Money(0)


def _advance(rng: random.Random, member: Member) -> None:
    step = timedelta(minutes=rng.choice((3, 20, 90, 300, 900, 1800, 2900)))
    if (member.at + step).date() != member.at.date():
        member.spent_today = Money(0)
    member.at += step


def transact(rng: random.Random, member: Member, era: str, language: str, holdout: bool, chama: Chama,
             forwarded: bool) -> Txn:
    """The member's next transaction; forwarded ones are payments to the chama."""
    _advance(rng, member)
    kind, variant = _kind(rng, era, language, holdout, forwarded)
    amount = Money.shillings(rng.choice(AMOUNTS))
    cost = _cost(kind, amount, member.at) if era != "2013" else Money(0)
    if kind in (K.FULIZA_LOAN, K.FULIZA_REPAYMENT, K.BALANCE):
        amount = Money(amount.cents // 10 + rng.randint(0, 99))   # small, with cents, like the corpus
    outgoing = kind not in INCOMING and kind is not K.BALANCE
    if outgoing and member.balance < amount + cost:
        member.balance = member.balance + amount * 2 + Money.shillings(rng.randint(0, 900))  # a deposit first
    member.balance = member.balance - amount - cost if outgoing else member.balance + amount
    member.spent_today = member.spent_today + (amount if outgoing else Money(0))
    limit = tariffs.daily_limit(member.at.date()) or Money(0)
    name, phone = _payee(rng, kind, era, chama, forwarded)
    return Txn(kind=kind, era=era, language=language, variant=variant,
               code=old_code(rng) if era == "2013" else modern_code(rng, member.at), amount=amount, at=member.at,
               balance=member.balance, cost=cost, name=name, phone=phone,
               account="UMOJA" + rng.choice(("", "-3", "12")) if forwarded else people.account(rng),
               agent=str(rng.randint(100_000, 999_999)), remaining=limit - member.spent_today,
               tail=tail(rng, era, language, holdout))


def _payee(rng: random.Random, kind: K, era: str, chama: Chama, forwarded: bool) -> tuple[str, str]:
    spaced = era != "2013"
    if kind is K.PAYBILL:
        return (chama.paybill if forwarded else rng.choice(people.PAYBILLS)), ""
    if kind is K.BUY_GOODS:
        return (chama.till if forwarded else rng.choice(people.SHOPS)), ""
    if kind in (K.WITHDRAWAL, K.DEPOSIT):
        return rng.choice(people.AGENTS), ""
    if kind is K.B2C_RECEIVED:
        return rng.choice(people.BANKS), ""
    if kind is K.AIRTIME:
        return "", ""
    if forwarded:
        name, phone = (chama.treasurer if spaced else chama.treasurer.replace("  ", " ")), chama.phone
    else:
        name, phone = people.person(rng, rng.random() < 0.3), people.phone(rng)
        name = name.replace(" ", "  ") if spaced else name
    if era == "2013" and kind is K.RECEIVED:
        phone = "254" + phone[1:]
    elif kind is K.RECEIVED and era == "2025" and rng.random() < 0.6:
        phone = people.masked(phone)
    return name, phone


def _episode(rng: random.Random, holdout: bool) -> tuple[str, str, Chama, Member]:
    era, language, start, span = rng.choices(ERAS, weights=(1, 2, 2, 1))[0]
    at = start + timedelta(days=rng.randrange(span), minutes=rng.randrange(1440))
    chama = Chama(treasurer=people.person(rng, rng.random() < 0.3).replace(" ", "  "), phone=people.phone(rng),
                  paybill=rng.choice(people.PAYBILLS[4:6]), till=rng.choice(people.SHOPS[3:5]))
    balance = Money(rng.randint(200, 60_000) * 100 + rng.choice((0, 0, rng.randint(1, 99))))
    return era, language, chama, Member(balance, at, Money(0))


def _delay(rng: random.Random) -> timedelta:
    roll = rng.random()
    if roll < 0.8:
        return timedelta(minutes=rng.randint(0, 360))
    return timedelta(hours=rng.randint(6, 72)) if roll < 0.96 else timedelta(days=rng.randint(3, 12))


OLD_ERA_FORGERIES = ("recycled", "hidden_balance", "invented_code")   # a 2013 message reaches a chama now only so


def _forge(rng: random.Random, how: str, txn: Txn, chama: Chama) -> tuple[str, datetime]:
    """The forged text and the time it is forwarded."""
    text = render(txn)
    message = parse_mpesa(text)
    forged, after = forgeries.MAKERS[how](rng, text, message, payee=(chama.treasurer, chama.phone))
    return forged, txn.at + after


def _sample(rng: random.Random, holdout: bool) -> Sample:
    era, language, chama, member = _episode(rng, holdout)
    for _ in range(rng.randint(0, 4)):
        past = transact(rng, member, era, language, holdout, chama, forwarded=True)
        member.last_forwarded = (past.balance, past.at, past.remaining if era != "2013" else None)
        for _ in range(rng.choice((0, 0, 1, 2))):
            transact(rng, member, era, language, holdout, chama, forwarded=False)
    previous = member.last_forwarded
    forged = rng.random() < 0.45
    makers = OLD_ERA_FORGERIES if era == "2013" else tuple(h for h, _ in FORGERY_WEIGHTS)
    weights = [w for h, w in FORGERY_WEIGHTS if h in makers]
    how = rng.choices(makers, weights=weights)[0] if forged else "genuine"
    # a member sometimes forwards the wrong SMS (a deposit, an airtime top-up): genuine all the same; a
    # payment to someone else forwarded as one to the chama is not, and is no stray
    stray = not forged and rng.random() < 0.12
    txn = transact(rng, member, era, language, holdout, chama, forwarded=how != "change_name" and not stray)
    while stray and txn.kind in PAYMENT_KINDS:
        txn = transact(rng, member, era, language, holdout, chama, forwarded=False)
    while how == "change_name" and txn.kind not in (K.SENT, K.PAYBILL):  # a payment to someone else, renamed
        txn = transact(rng, member, era, language, holdout, chama, forwarded=False)
    if forged:
        text, forwarded_at = _forge(rng, how, txn, chama)
    else:
        text, forwarded_at = render(txn), txn.at + _delay(rng)
    text = forwarding.forward(rng, text)   # forgers forward through the same phones and chats
    expected = chama.expected(txn.kind) if rng.random() < 0.75 else ()
    context = Context(forwarded_at=forwarded_at, expected_recipients=expected,
                      previous_balance=previous[0] if previous else None,
                      previous_at=previous[1] if previous else None,
                      previous_remaining=previous[2] if previous else None)
    template = "/".join((txn.era, txn.language, txn.kind.value, txn.variant))
    return Sample(text, context, forged, how, template)


def generate(seed: int, count: int, holdout: bool = False) -> list[Sample]:
    """`count` labelled samples; the same seed and split always give the same list."""
    rng = random.Random(seed)
    return [_sample(rng, holdout) for _ in range(count)]

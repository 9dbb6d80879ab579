"""The cycle's end, VSLA style: what the chama earned is shared out to its savers.

A member's weight is their savings-time: the sum, over every day of the
cycle, of their closing savings balance that day (cent-days). Money saved
early earns more weight than the same money saved late, and a withdrawal
stops earning weight from the day it is made. The pool (interest and fines
earned, less savings interest already paid) is split by largest remainder,
so the shares sum to the pool exactly, ties to the lower member id.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from chamabora.core.errors import InvalidAmount, InvalidInput
from chamabora.core.interest import BalanceChange
from chamabora.core.ledger import AccountKind, AccountRef, Entry, EntryKind, Posting, merge
from chamabora.core.money import Money, ratio_split

INCOME = (AccountKind.INTEREST_INCOME, AccountKind.FINE_INCOME)


def savings_time(opening: Money, changes: Iterable[BalanceChange], start: date, end: date) -> int:
    """Cent-days of savings from `start` to `end` inclusive (closing balance of each day)."""
    if end < start:
        raise InvalidInput("a cycle ends after it starts")
    by_day: dict[date, int] = {}
    for change in changes:
        if not start <= change.on <= end:
            raise InvalidInput("a balance change outside the cycle", on=change.on.isoformat())
        by_day[change.on] = by_day.get(change.on, 0) + change.amount.cents
    weight, balance, day = 0, opening.cents, start
    for change_day in sorted(by_day) + [end + timedelta(days=1)]:
        weight += balance * (change_day - day).days
        day = change_day
        balance += by_day.get(change_day, 0)
    return weight


def share_out(pool: Money, weights: dict[int, int]) -> dict[int, Money]:
    """Each member's share of `pool` by weight; sums exactly to the pool."""
    if not pool.is_positive():
        raise InvalidAmount("nothing to share out", value=pool.cents)
    members = sorted(m for m, w in weights.items() if w > 0)
    if not members:
        raise InvalidInput("nobody saved during the cycle")
    cents = ratio_split(pool.cents, [weights[m] for m in members])
    return {m: Money(c) for m, c in zip(members, cents) if c}


def pool_of(income_balances: dict[AccountKind, int], savings_interest_paid: int) -> Money:
    """What is left to share: income accounts' credit balances less interest already paid on savings."""
    earned = -sum(income_balances.get(kind, 0) for kind in INCOME)
    return Money(earned - savings_interest_paid)


def shareout_entry(shares: dict[int, Money], income_balances: dict[AccountKind, int],
                   savings_interest_paid: int, key: str, memo: str) -> Entry:
    """Close the income accounts into members' savings: income debited, each saver credited."""
    postings = [Posting(AccountRef(kind), Money(-income_balances[kind]))
                for kind in INCOME if income_balances.get(kind)]
    if savings_interest_paid:
        postings.append(Posting(AccountRef(AccountKind.SAVINGS_INTEREST), Money(-savings_interest_paid)))
    postings += [Posting(AccountRef(AccountKind.SAVINGS, m), -share) for m, share in shares.items()]
    return Entry(EntryKind.SHARE_OUT, merge(postings), memo, key)

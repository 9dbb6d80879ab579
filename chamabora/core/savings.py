"""Members' savings held by the chama: deposits (optionally towards a goal),
withdrawals, and interest credited monthly (see `interest` for the rule).

Savings are the chama's liability to the member (a per-member `savings`
account); the interest the chama pays on them is an expense, which the
share-out nets against what the chama earned.
"""
from __future__ import annotations

from chamabora.core.entries import CASH
from chamabora.core.errors import ChamaError, InvalidAmount
from chamabora.core.ledger import AccountKind, AccountRef, Entry, EntryKind, Posting, merge, transfer
from chamabora.core.money import Money

SAVINGS_INTEREST = AccountRef(AccountKind.SAVINGS_INTEREST)


class InsufficientSavings(ChamaError):
    code = "insufficient_savings"


def savings(member_id: int) -> AccountRef:
    return AccountRef(AccountKind.SAVINGS, member_id)


def saving_entry(member_id: int, amount: Money, key: str, memo: str) -> Entry:
    return Entry(EntryKind.SAVING, transfer(CASH, savings(member_id), amount), memo, key)


def check_withdrawal(amount: Money, balance: Money, held: Money = Money(0)) -> None:
    """A withdrawal may take savings not already held (pledged to a guarantee or pending)."""
    if not amount.is_positive():
        raise InvalidAmount("a withdrawal must be more than zero", value=amount.cents)
    if amount > balance - held:
        raise InsufficientSavings("not enough free savings", available=(balance - held).cents)


def withdrawal_entry(member_id: int, amount: Money, key: str, memo: str) -> Entry:
    return Entry(EntryKind.WITHDRAWAL, transfer(savings(member_id), CASH, amount), memo, key)


def interest_entry(credits: dict[int, Money], key: str, memo: str) -> Entry | None:
    """One entry for a month's interest on every saver; None when nobody earned a cent."""
    postings = [Posting(savings(m), -c) for m, c in sorted(credits.items()) if c.is_positive()]
    if not postings:
        return None
    total = Money(sum(c.cents for c in credits.values() if c.is_positive()))
    return Entry(EntryKind.SAVINGS_INTEREST, merge([Posting(SAVINGS_INTEREST, total), *postings]), memo, key)

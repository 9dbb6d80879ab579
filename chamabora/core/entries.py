"""Journal entries for each thing that happens to a chama's money.

One function per event, each returning a balanced `Entry`; the service layer
only persists them. Keeping the recipes here means the accounting can be read
(and property-tested) without a database.
"""
from __future__ import annotations

from chamabora.core.allocation import Allocation, DueKind
from chamabora.core.ledger import AccountKind, AccountRef, Entry, EntryKind, Posting, merge, transfer
from chamabora.core.money import Money

CASH = AccountRef(AccountKind.CASH)
CLAIMED = AccountRef(AccountKind.CLAIMED_CASH)
POT = AccountRef(AccountKind.POT_PAYABLE)
FINE_INCOME = AccountRef(AccountKind.FINE_INCOME)


def dues(member_id: int) -> AccountRef:
    return AccountRef(AccountKind.DUES_RECEIVABLE, member_id)


def fines(member_id: int) -> AccountRef:
    return AccountRef(AccountKind.FINES_RECEIVABLE, member_id)


def credit(member_id: int) -> AccountRef:
    return AccountRef(AccountKind.MEMBER_CREDIT, member_id)


def payable(member_id: int) -> AccountRef:
    return AccountRef(AccountKind.PAYOUT_PAYABLE, member_id)


def levy_entry(member_id: int, amount: Money, key: str, memo: str) -> Entry:
    """A cycle's contribution falls due: the member owes it, the pot is owed it."""
    return Entry(EntryKind.LEVY, transfer(dues(member_id), POT, amount), memo, key)


def payment_entry(member_id: int, amount: Money, allocation: Allocation, key: str, memo: str,
                  into: AccountRef = CASH) -> Entry:
    """Money in: cash up (`into` CLAIMED while nobody has confirmed it), and the allocation settles
    dues, fines, then credit."""
    postings = [Posting(into, amount)]
    for due, part in allocation.parts:
        account = dues(member_id) if due.kind is DueKind.CONTRIBUTION else fines(member_id)
        postings.append(Posting(account, -part))
    if allocation.credit:
        postings.append(Posting(credit(member_id), -allocation.credit))
    return Entry(EntryKind.PAYMENT, merge(postings), memo, key)


def credit_applied_entry(member_id: int, allocation: Allocation, key: str, memo: str) -> Entry:
    """Credit held from an earlier overpayment settles newly due amounts."""
    postings = [Posting(credit(member_id), allocation.applied)]
    for due, part in allocation.parts:
        account = dues(member_id) if due.kind is DueKind.CONTRIBUTION else fines(member_id)
        postings.append(Posting(account, -part))
    return Entry(EntryKind.CREDIT_APPLIED, merge(postings), memo, key)


def fine_entry(member_id: int, amount: Money, key: str, memo: str) -> Entry:
    return Entry(EntryKind.FINE, transfer(fines(member_id), FINE_INCOME, amount), memo, key)


def take_back_entry(member_id: int, amount: Money, taken: Allocation, key: str, memo: str,
                    out_of: AccountRef = CLAIMED) -> Entry:
    """Claimed money found false leaves the books: what it settled is owed again (`allocation.unallocate`).
    `out_of` CASH: a confirmed payment recorded by mistake, reversed by an operator (services/ledger/reversals.py)."""
    postings = [Posting(out_of, -amount)]
    for due, part in taken.parts:
        account = dues(member_id) if due.kind is DueKind.CONTRIBUTION else fines(member_id)
        postings.append(Posting(account, part))
    if taken.credit:
        postings.append(Posting(credit(member_id), taken.credit))
    return Entry(EntryKind.REVERSAL, merge(postings), memo, key)


def confirmation_entry(amount: Money, key: str, memo: str) -> Entry:
    """Claimed money was confirmed (by Daraja or a treasurer): it becomes cash the chama may pay out."""
    return Entry(EntryKind.CONFIRMATION, transfer(CASH, CLAIMED, amount), memo, key)


def disbursement_entry(member_id: int, amount: Money, key: str, memo: str) -> Entry:
    """The payout leaves the chama's cash for the recipient's phone."""
    return Entry(EntryKind.DISBURSEMENT, transfer(payable(member_id), CASH, amount), memo, key)

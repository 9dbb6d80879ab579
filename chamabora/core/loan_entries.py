"""Journal entries for loans.

Interest and penalties are recognised when they are paid (cash basis): the
schedule and its penalties live in the loan's instalment rows, and the ledger
holds only the principal owed. So a disbursement moves principal from cash to
the member's loan receivable, and a repayment splits the cash it brings in
between that receivable, interest income and fine income. Money received
beyond everything the loan still owes is never taken by the loan: it is
kept for the member as savings.
"""
from __future__ import annotations

from chamabora.core.entries import CASH, FINE_INCOME
from chamabora.core.ledger import AccountKind, AccountRef, Entry, EntryKind, Posting, merge, transfer
from chamabora.core.loans import Component, RepaymentAllocation
from chamabora.core.money import Money

INTEREST_INCOME = AccountRef(AccountKind.INTEREST_INCOME)


def loans_receivable(member_id: int) -> AccountRef:
    return AccountRef(AccountKind.LOANS_RECEIVABLE, member_id)


def disbursement_entry(member_id: int, principal: Money, key: str, memo: str) -> Entry:
    return Entry(EntryKind.LOAN_OUT, transfer(loans_receivable(member_id), CASH, principal), memo, key)


def repayment_entry(member_id: int, allocation: RepaymentAllocation, key: str, memo: str) -> Entry:
    """Cash in for the whole amount; the part the loan did not take goes to the member's savings."""
    postings = [
        Posting(CASH, allocation.applied + allocation.excess),
        Posting(AccountRef(AccountKind.SAVINGS, member_id), -allocation.excess),
        Posting(loans_receivable(member_id), -allocation.total(Component.PRINCIPAL)),
        Posting(INTEREST_INCOME, -allocation.total(Component.INTEREST)),
        Posting(FINE_INCOME, -allocation.total(Component.PENALTY)),
    ]
    return Entry(EntryKind.LOAN_REPAYMENT, merge(postings), memo, key)

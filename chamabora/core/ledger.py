"""The double-entry ledger's rules.

Invariants (the database enforces the first three and the last again, see migrations):
- every journal entry has at least two postings and they sum to zero;
- a posting's amount is never zero; debits are positive, credits negative;
- entries are append-only: a mistake is corrected by a reversing entry;
- an entry caused by an outside event carries that event's idempotency key
  (M-Pesa receipt, CheckoutRequestID, provider message id), unique per ledger,
  so applying the same event twice changes nothing;
- cash (confirmed or claimed) never goes below zero: no outflow takes
  money the chama does not hold (core/cash.py says what may leave).

Accounts belong to a chama; the per-member ones also name the member.
Normal balances: assets and expenses are debit (positive), liabilities,
equity and income are credit (negative).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from chamabora.core.errors import UnbalancedEntry
from chamabora.core.money import Money


class AccountKind(enum.StrEnum):
    CASH = "cash"                          # asset: money the chama holds, confirmed by Daraja or a treasurer
    DUES_RECEIVABLE = "dues_receivable"    # asset, per member: contributions owed
    FINES_RECEIVABLE = "fines_receivable"  # asset, per member: fines owed
    LOANS_RECEIVABLE = "loans_receivable"  # asset, per member
    MEMBER_CREDIT = "member_credit"        # liability, per member: paid ahead
    POT_PAYABLE = "pot_payable"            # liability: pots owed to recipients
    PAYOUT_PAYABLE = "payout_payable"      # liability, per member: payout awaiting disbursement
    FINE_INCOME = "fine_income"            # income
    INTEREST_INCOME = "interest_income"    # income
    SAVINGS = "savings"                    # liability, per member: savings and goal deposits
    SAVINGS_INTEREST = "savings_interest"  # expense: interest credited on savings
    CLAIMED_CASH = "claimed_cash"          # asset: money members forwarded proof of, not yet confirmed


PER_MEMBER = frozenset({
    AccountKind.DUES_RECEIVABLE, AccountKind.FINES_RECEIVABLE, AccountKind.LOANS_RECEIVABLE,
    AccountKind.MEMBER_CREDIT, AccountKind.PAYOUT_PAYABLE, AccountKind.SAVINGS,
})


class EntryKind(enum.StrEnum):
    LEVY = "levy"
    PAYMENT = "payment"
    CREDIT_APPLIED = "credit_applied"
    FINE = "fine"
    PAYOUT = "payout"
    DISBURSEMENT = "disbursement"
    REVERSAL = "reversal"
    LOAN_OUT = "loan_out"
    LOAN_REPAYMENT = "loan_repayment"
    SAVING = "saving"
    WITHDRAWAL = "withdrawal"
    SAVINGS_INTEREST = "savings_interest"
    SHARE_OUT = "share_out"
    CONFIRMATION = "confirmation"


@dataclass(frozen=True, slots=True)
class AccountRef:
    kind: AccountKind
    member_id: int | None = None

    def __post_init__(self) -> None:
        if (self.kind in PER_MEMBER) != (self.member_id is not None):
            raise UnbalancedEntry("per-member accounts need a member, chama accounts none",
                                  account=self.kind.value)

    @property
    def code(self) -> str:
        return self.kind.value if self.member_id is None else f"{self.kind.value}:{self.member_id}"


@dataclass(frozen=True, slots=True)
class Posting:
    account: AccountRef
    amount: Money  # debit > 0, credit < 0


@dataclass(frozen=True, slots=True)
class Entry:
    kind: EntryKind
    postings: tuple[Posting, ...]
    memo: str = ""
    idempotency_key: str | None = None
    refs: dict[str, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        check_balanced(self.postings)


def check_balanced(postings: tuple[Posting, ...]) -> None:
    if len(postings) < 2:
        raise UnbalancedEntry("an entry needs at least two postings")
    if any(p.amount.cents == 0 for p in postings):
        raise UnbalancedEntry("a posting is never zero")
    total = sum(p.amount.cents for p in postings)
    if total != 0:
        raise UnbalancedEntry("postings must sum to zero", off_by=total)


def transfer(debit: AccountRef, credit: AccountRef, amount: Money) -> tuple[Posting, Posting]:
    return Posting(debit, amount), Posting(credit, -amount)


def merge(postings: list[Posting]) -> tuple[Posting, ...]:
    """Fold postings to the same account together and drop those that net to zero."""
    totals: dict[AccountRef, int] = {}
    for posting in postings:
        totals[posting.account] = totals.get(posting.account, 0) + posting.amount.cents
    return tuple(Posting(acc, Money(c)) for acc, c in totals.items() if c)


def reversal_of(postings: tuple[Posting, ...], memo: str, key: str | None) -> Entry:
    flipped = tuple(Posting(p.account, -p.amount) for p in postings)
    return Entry(EntryKind.REVERSAL, flipped, memo=memo, idempotency_key=key)


def combine(kind: EntryKind, parts: list[Entry], memo: str, key: str | None = None) -> Entry | None:
    """Many small entries of one kind as one (e.g. a cycle's levy on every member); None if empty."""
    postings = merge([p for entry in parts for p in entry.postings])
    return Entry(kind, postings, memo, key) if postings else None

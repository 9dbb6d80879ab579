"""What a member (or the chama) sees of its money: balances and statements,
read straight from the ledger's postings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, literal, select, union_all

from chamabora.core.allocation import DueKind
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.db.tables import sum_cents
from chamabora.services.claims.claimed import still_claimed
from chamabora.services.contributions.dues import dues
from chamabora.services.ledger.store import accounts, entries, postings
from chamabora.services.records import membership_of, memberships


@dataclass(frozen=True, slots=True)
class MemberBalance:
    contributed: Money      # contributions paid, by money or netted from a payout
    dues_owed: Money
    fines_owed: Money
    credit: Money
    payout_owed: Money      # payouts owed to the member, not yet sent


@dataclass(frozen=True, slots=True)
class StatementLine:
    posted_at: datetime
    kind: str
    memo: str
    account: str
    amount: Money
    unverified: bool = False  # money only claimed: counted, not yet confirmed by M-Pesa or a treasurer


PAID = "paid"  # the row of contributions paid, beside the per-account-kind rows
# One round trip: the member's account balances by kind, and the contributions
# paid, the latter only while the membership is active (no row means it is not).
BALANCE = union_all(
    select(accounts.c.kind, sum_cents(postings.c.amount_cents))
    .join(postings, postings.c.account_id == accounts.c.id, isouter=True)
    .where(accounts.c.chama_id == bindparam("chama"), accounts.c.member_id == bindparam("member"))
    .group_by(accounts.c.kind),
    select(literal(PAID), sum_cents(dues.c.paid_cents))
    .select_from(memberships)
    .join(dues, (dues.c.membership_id == memberships.c.id) & (dues.c.kind == DueKind.CONTRIBUTION.value),
          isouter=True)
    .where(memberships.c.chama_id == bindparam("chama"), memberships.c.member_id == bindparam("member"),
           memberships.c.status == "active")
    .group_by(memberships.c.id))


def member_balance(conn: Connection, chama_id: int, member_id: int) -> MemberBalance:
    by_kind = dict(conn.execute(BALANCE, {"chama": chama_id, "member": member_id}).all())
    if PAID not in by_kind:
        membership_of(conn, chama_id, member_id)  # raises the precise refusal
    return MemberBalance(
        contributed=Money(by_kind[PAID]),
        dues_owed=Money(by_kind.get(AccountKind.DUES_RECEIVABLE.value, 0)),
        fines_owed=Money(by_kind.get(AccountKind.FINES_RECEIVABLE.value, 0)),
        credit=Money(-by_kind.get(AccountKind.MEMBER_CREDIT.value, 0)),
        payout_owed=Money(-by_kind.get(AccountKind.PAYOUT_PAYABLE.value, 0)))


def member_statement(conn: Connection, chama_id: int, member_id: int, limit: int = 50) -> list[StatementLine]:
    membership_of(conn, chama_id, member_id)
    rows = conn.execute(
        select(entries.c.id, entries.c.posted_at, entries.c.kind, entries.c.memo, accounts.c.kind,
               postings.c.amount_cents)
        .join(postings, postings.c.entry_id == entries.c.id)
        .join(accounts, accounts.c.id == postings.c.account_id)
        .where(accounts.c.chama_id == chama_id, accounts.c.member_id == member_id)
        .order_by(entries.c.id.desc(), postings.c.id).limit(limit)).all()
    waiting = still_claimed(conn, sorted({row[0] for row in rows}))
    return [StatementLine(at, kind, memo, account, Money(cents), entry_id in waiting)
            for entry_id, at, kind, memo, account, cents in rows]


def member_events(conn: Connection, chama_id: int, member_id: int, limit: int, skip: int = 0) -> list[StatementLine]:
    """The member's statement as they read it, newest first: one line per journal entry (a payment that
    settles dues and leaves credit is one payment, not two legs), its amount the sum of their legs."""
    membership_of(conn, chama_id, member_id)
    rows = conn.execute(
        select(entries.c.id, entries.c.posted_at, entries.c.kind, entries.c.memo, sum_cents(postings.c.amount_cents))
        .join(postings, postings.c.entry_id == entries.c.id)
        .join(accounts, accounts.c.id == postings.c.account_id)
        .where(accounts.c.chama_id == chama_id, accounts.c.member_id == member_id)
        .group_by(entries.c.id, entries.c.posted_at, entries.c.kind, entries.c.memo)
        .order_by(entries.c.id.desc()).limit(limit).offset(skip)).all()
    waiting = still_claimed(conn, sorted({row[0] for row in rows}))
    return [StatementLine(at, kind, memo, "", Money(cents), entry_id in waiting)
            for entry_id, at, kind, memo, cents in rows]


def chama_balances(conn: Connection, chama_id: int) -> dict[str, Money]:
    """Totals per account kind for the whole chama (cash, pot owed, fines earned...)."""
    rows = conn.execute(
        select(accounts.c.kind, sum_cents(postings.c.amount_cents))
        .join(postings, postings.c.account_id == accounts.c.id, isouter=True)
        .where(accounts.c.chama_id == chama_id).group_by(accounts.c.kind))
    return {kind: Money(total) for kind, total in rows}

"""The figures behind an officer's reports: collections per cycle against
what was expected, balances (arrears, the loan book) as they stood at past
moments, and a month's money by kind. Read from the dues projection and
the ledger's postings, a few set-based queries each, so a chama of
thousands reads as fast as a small one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, case, func, select

from chamabora.core.allocation import DueKind
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.db.tables import sum_cents
from chamabora.services.contributions.dues import cycles, dues
from chamabora.services.ledger.store import accounts, entries, postings
from chamabora.services.records import members

ARREARS = (AccountKind.DUES_RECEIVABLE, AccountKind.FINES_RECEIVABLE)
LOANS = (AccountKind.LOANS_RECEIVABLE,)


@dataclass(frozen=True, slots=True)
class CycleCollection:
    seq: int
    due: date
    expected: Money
    collected: Money


def collections(conn: Connection, chama_id: int, last: int = 12) -> list[CycleCollection]:
    """The last `last` opened cycles, oldest first: contributions levied and paid towards each."""
    rows = conn.execute(select(cycles.c.seq, cycles.c.due_date, sum_cents(dues.c.amount_cents),
                               sum_cents(dues.c.paid_cents))
                        .join(dues, and_(dues.c.cycle_id == cycles.c.id, dues.c.kind == DueKind.CONTRIBUTION.value),
                              isouter=True)
                        .where(cycles.c.chama_id == chama_id)
                        .group_by(cycles.c.seq, cycles.c.due_date)
                        .order_by(cycles.c.seq.desc()).limit(last)).all()
    return [CycleCollection(seq, due, Money(expected), Money(paid)) for seq, due, expected, paid in reversed(rows)]


def balances_at(conn: Connection, chama_id: int, kinds: tuple[AccountKind, ...],
                moments: list[datetime]) -> list[Money]:
    """The members' total balance of these account kinds just before each moment, in one query."""
    if not moments:
        return []
    columns = [sum_cents(case((entries.c.posted_at < m, postings.c.amount_cents), else_=0)) for m in moments]
    row = conn.execute(select(*columns)
                       .select_from(postings)
                       .join(accounts, accounts.c.id == postings.c.account_id)
                       .join(entries, entries.c.id == postings.c.entry_id)
                       .where(accounts.c.chama_id == chama_id, accounts.c.kind.in_([k.value for k in kinds]))).one()
    return [Money(cents) for cents in row]


def loan_book(conn: Connection, chama_id: int) -> list[tuple[str, Money]]:
    """(member, principal and interest still owed) for every member who owes on a loan, most owed first."""
    total = sum_cents(postings.c.amount_cents)
    rows = conn.execute(select(members.c.name, total)
                        .select_from(accounts)
                        .join(postings, postings.c.account_id == accounts.c.id)
                        .join(members, members.c.id == accounts.c.member_id)
                        .where(accounts.c.chama_id == chama_id, accounts.c.kind == AccountKind.LOANS_RECEIVABLE.value)
                        .group_by(members.c.id, members.c.name)
                        .having(func.sum(postings.c.amount_cents) != 0)
                        .order_by(total.desc(), members.c.name)).all()
    return [(name, Money(cents)) for name, cents in rows]


def cash_by_kind(conn: Connection, chama_id: int, start: datetime, end: datetime) -> dict[str, tuple[Money, Money]]:
    """{entry kind: (money in, money out)} through the chama's cash account between two moments."""
    amount = postings.c.amount_cents
    rows = conn.execute(select(entries.c.kind, sum_cents(case((amount > 0, amount), else_=0)),
                               sum_cents(case((amount < 0, -amount), else_=0)))
                        .select_from(postings)
                        .join(accounts, accounts.c.id == postings.c.account_id)
                        .join(entries, entries.c.id == postings.c.entry_id)
                        .where(accounts.c.chama_id == chama_id, accounts.c.kind == AccountKind.CASH.value,
                               entries.c.posted_at >= start, entries.c.posted_at < end)
                        .group_by(entries.c.kind).order_by(entries.c.kind)).all()
    return {kind: (Money(cash_in), Money(cash_out)) for kind, cash_in, cash_out in rows}

"""The roll for this cycle: who has paid, who owes what, read for an officer.

A member's standing is read from the ledger (what they owe in contributions
and fines, what they hold as credit) and from this cycle's dues. Cycles open
lazily, so when nobody has paid yet this cycle its contribution is not yet
levied: a member then owes it, less any credit they hold. Reading the roll
opens nothing and writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, case, func, null, select

from chamabora.core.allocation import DueKind
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.core.schedule import cycle_on, due_date
from chamabora.db.tables import sum_cents
from chamabora.services.contributions.dues import cycles, dues
from chamabora.services.ledger.store import accounts, postings
from chamabora.services.records import load_chama, members, memberships

KINDS = (AccountKind.DUES_RECEIVABLE.value, AccountKind.FINES_RECEIVABLE.value, AccountKind.MEMBER_CREDIT.value)


@dataclass(frozen=True, slots=True)
class Standing:
    member_id: int
    name: str
    paid: Money       # towards this cycle's contribution
    owes: Money       # everything due now: contributions (this cycle's and late ones) and fines
    fines: Money      # the part of `owes` that is fines
    phone: str = ""
    credit: Money = Money(0)   # paid ahead, not yet applied to a cycle

    @property
    def settled(self) -> bool:
        return not self.owes.is_positive()


@dataclass(frozen=True, slots=True)
class Roll:
    seq: int
    due: date
    standings: list[Standing]   # those who owe first (most owed first), then those who have paid, in join order

    @property
    def paid_count(self) -> int:
        return sum(1 for s in self.standings if s.settled)


def cycle_roll(conn: Connection, chama_id: int, today: date) -> Roll:
    return _roll(conn, chama_id, today, None)


def member_standing(conn: Connection, chama_id: int, member_id: int, today: date) -> Roll:
    """One member's line of the roll (their own page): the same reading, for them alone."""
    return _roll(conn, chama_id, today, member_id)


def _roll(conn: Connection, chama_id: int, today: date, only: int | None) -> Roll:
    chama = load_chama(conn, chama_id)
    seq = cycle_on(chama.terms, today)
    cycle_id = conn.execute(select(cycles.c.id).where(cycles.c.chama_id == chama_id, cycles.c.seq == seq)).scalar()
    opened = cycle_id is not None
    contribution = chama.terms.contribution
    standings = []
    # one row per active member, balances summed in the database: a 10,000-member roll is one query
    for member_id, name, phone, joined_cycle, dues_cents, fines_cents, credit_cents, paid_cents in conn.execute(
            _people(chama_id, cycle_id, only)):
        dues_owed, fines, credit = Money(dues_cents), Money(fines_cents), Money(-credit_cents)
        if opened:
            paid = Money(paid_cents or 0)
            owes = dues_owed + fines
        elif joined_cycle <= seq:
            paid = min(max(credit, Money(0)), contribution)
            owes = dues_owed + fines + (contribution - paid)
        else:
            paid, owes = Money(0), dues_owed + fines
        standings.append(Standing(member_id, name, paid, owes, fines, phone, credit))
    owing = sorted((s for s in standings if not s.settled), key=lambda s: -s.owes.cents)
    return Roll(seq, due_date(chama.terms, seq), owing + [s for s in standings if s.settled])


def _people(chama_id: int, cycle_id: int | None, only: int | None):  # type: ignore[no-untyped-def]
    """Active members (or one) in join order with their dues, fines and credit balances, and (once
    this cycle is open) what they paid towards its contribution."""
    amount = postings.c.amount_cents

    def of(kind: AccountKind):  # type: ignore[no-untyped-def]
        return sum_cents(case((accounts.c.kind == kind.value, amount), else_=0)).label(kind.value)

    whose = accounts.c.member_id.is_not(None) if only is None else accounts.c.member_id == only
    balances = (select(accounts.c.member_id, of(AccountKind.DUES_RECEIVABLE), of(AccountKind.FINES_RECEIVABLE),
                       of(AccountKind.MEMBER_CREDIT))
                .join(postings, postings.c.account_id == accounts.c.id)
                .where(accounts.c.chama_id == chama_id, whose, accounts.c.kind.in_(KINDS))
                .group_by(accounts.c.member_id).subquery())
    paid = dues.c.paid_cents if cycle_id is not None else null()
    query = (select(memberships.c.member_id, members.c.name, members.c.phone, memberships.c.joined_cycle,
                    func.coalesce(balances.c[AccountKind.DUES_RECEIVABLE.value], 0),
                    func.coalesce(balances.c[AccountKind.FINES_RECEIVABLE.value], 0),
                    func.coalesce(balances.c[AccountKind.MEMBER_CREDIT.value], 0), paid)
             .select_from(memberships)
             .join(members, members.c.id == memberships.c.member_id)
             .join(balances, balances.c.member_id == memberships.c.member_id, isouter=True))
    if cycle_id is not None:
        query = query.join(dues, and_(dues.c.membership_id == memberships.c.id, dues.c.cycle_id == cycle_id,
                                      dues.c.kind == DueKind.CONTRIBUTION.value), isouter=True)
    query = query.where(memberships.c.chama_id == chama_id, memberships.c.status == "active")
    if only is not None:
        query = query.where(memberships.c.member_id == only)
    return query.order_by(memberships.c.join_seq)

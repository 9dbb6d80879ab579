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

from sqlalchemy import Connection, select

from ..core.allocation import DueKind
from ..core.ledger import AccountKind
from ..core.money import Money
from ..core.schedule import cycle_on, due_date
from ..db.tables import sum_cents
from .dues import cycles, dues
from .ledger_store import accounts, postings
from .records import load_chama, members, memberships


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
    whose = select(memberships.c.id, memberships.c.member_id, memberships.c.joined_cycle, members.c.name,
                   members.c.phone) \
        .join(members, members.c.id == memberships.c.member_id) \
        .where(memberships.c.chama_id == chama_id, memberships.c.status == "active")
    if only is not None:
        whose = whose.where(memberships.c.member_id == only)
    people = conn.execute(whose.order_by(memberships.c.join_seq)).all()
    balances = _balances(conn, chama_id, only)
    this_cycle = _this_cycle(conn, chama_id, seq)
    opened = this_cycle is not None
    standings = []
    for ms_id, member_id, joined_cycle, name, phone in people:
        owed = balances.get(member_id, {})
        dues_owed = Money(owed.get(AccountKind.DUES_RECEIVABLE.value, 0))
        fines = Money(owed.get(AccountKind.FINES_RECEIVABLE.value, 0))
        credit = Money(-owed.get(AccountKind.MEMBER_CREDIT.value, 0))
        if opened:
            paid = Money(this_cycle.get(ms_id, 0))
            owes = dues_owed + fines
        elif joined_cycle <= seq:
            contribution = chama.terms.contribution
            paid = min(max(credit, Money(0)), contribution)
            owes = dues_owed + fines + (contribution - paid)
        else:
            paid, owes = Money(0), dues_owed + fines
        standings.append(Standing(member_id, name, paid, owes, fines, phone, credit))
    owing = sorted((s for s in standings if not s.settled), key=lambda s: -s.owes.cents)
    return Roll(seq, due_date(chama.terms, seq), owing + [s for s in standings if s.settled])


def _balances(conn: Connection, chama_id: int, only: int | None = None) -> dict[int, dict[str, int]]:
    kinds = (AccountKind.DUES_RECEIVABLE.value, AccountKind.FINES_RECEIVABLE.value, AccountKind.MEMBER_CREDIT.value)
    whose = accounts.c.member_id.is_not(None) if only is None else accounts.c.member_id == only
    found: dict[int, dict[str, int]] = {}
    for member_id, kind, total in conn.execute(
            select(accounts.c.member_id, accounts.c.kind, sum_cents(postings.c.amount_cents))
            .join(postings, postings.c.account_id == accounts.c.id, isouter=True)
            .where(accounts.c.chama_id == chama_id, whose, accounts.c.kind.in_(kinds))
            .group_by(accounts.c.member_id, accounts.c.kind)):
        found.setdefault(member_id, {})[kind] = total
    return found


def _this_cycle(conn: Connection, chama_id: int, seq: int) -> dict[int, int] | None:
    """{membership id: paid towards this cycle's contribution}, or None while the cycle is not open."""
    cycle_id = conn.execute(select(cycles.c.id).where(cycles.c.chama_id == chama_id, cycles.c.seq == seq)).scalar()
    if cycle_id is None:
        return None
    return dict(conn.execute(select(dues.c.membership_id, dues.c.paid_cents).where(
        dues.c.cycle_id == cycle_id, dues.c.kind == DueKind.CONTRIBUTION.value)).all())

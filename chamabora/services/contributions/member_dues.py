"""A member's own dues as their phone shows them: when their next
contribution is due, and their unpaid fines with the payment that clears
them (a payment settles late contributions before fines)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from chamabora.core.allocation import DueKind, to_clear_fines
from chamabora.core.money import Money
from chamabora.core.schedule import cycle_on, due_date
from chamabora.services.contributions.dues import dues, outstanding
from chamabora.services.records import load_chama, memberships


def next_due(conn: Connection, chama_id: int, member_id: int, today: date) -> date:
    """The due date of the member's next contribution: the current cycle's, or their first if they join later."""
    chama = load_chama(conn, chama_id)
    joined = conn.execute(select(memberships.c.joined_cycle).where(
        memberships.c.chama_id == chama_id, memberships.c.member_id == member_id)).scalar() or 0
    return due_date(chama.terms, max(cycle_on(chama.terms, today), joined))


@dataclass(frozen=True, slots=True)
class UnpaidFines:
    count: int
    total: Money
    clears: Money   # what one payment must be to clear them: late contributions first, then the fines


def unpaid_fines(conn: Connection, chama_id: int, member_id: int, today: date) -> UnpaidFines | None:
    """None when the member owes no fine."""
    ms_id = conn.execute(select(memberships.c.id).where(memberships.c.chama_id == chama_id,
                                                        memberships.c.member_id == member_id)).scalar_one()
    rows = conn.execute(select(dues.c.due_date, dues.c.amount_cents - dues.c.paid_cents)
                        .where(dues.c.membership_id == ms_id, dues.c.kind == DueKind.FINE.value,
                               dues.c.paid_cents < dues.c.amount_cents).order_by(dues.c.due_date)).all()
    if not rows:
        return None
    total = Money(sum(left for _day, left in rows))
    clears = to_clear_fines(outstanding(conn, [ms_id])[ms_id], cycle_on(load_chama(conn, chama_id).terms, today))
    return UnpaidFines(len(rows), total, clears)

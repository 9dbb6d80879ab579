"""Reads for what waits on an officer's decision, beside the pending sources
(services/chama/pending.py): the votes one member has not cast, and which chama a
decision's reference belongs to, so a page for one chama never acts on
another's item (a held claim's evidence is read in services/claims/reviews.py).
Reading changes nothing."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.db.loan_tables import Loan
from chamabora.services.payouts import payout_votes
from chamabora.services.savings import withdrawals
from chamabora.services.claims.reviews import chama_of_claim
from chamabora.services.payouts.closing import payouts
from chamabora.services.records import members, memberships
from chamabora.services.savings.accounts import withdrawals as withdrawal_rows
from chamabora.services.savings.shareout import shareouts

loans = Loan.__table__


@dataclass(frozen=True, slots=True)
class OpenVote:
    kind: str        # "W" a withdrawal, "P" a payout the members ratify
    number: int
    member: str      # whose money it is
    amount: Money


def open_votes(conn: Connection, chama_id: int, member_id: int) -> list[OpenVote]:
    """The votes in this chama this member may cast and has not, oldest first."""
    found = []
    asked = withdrawals.open_votes(conn, member_id)
    for row in conn.execute(select(withdrawal_rows.c.id, withdrawal_rows.c.amount_cents, members.c.name)
                            .join(members, members.c.id == withdrawal_rows.c.member_id)
                            .where(withdrawal_rows.c.id.in_(asked), withdrawal_rows.c.chama_id == chama_id)
                            .order_by(withdrawal_rows.c.id)):
        found.append(OpenVote("W", row.id, row.name, Money(row.amount_cents)))
    asked = payout_votes.open_votes(conn, member_id)
    for row in conn.execute(select(payouts.c.id, payouts.c.net_cents, members.c.name)
                            .join(memberships, memberships.c.id == payouts.c.membership_id)
                            .join(members, members.c.id == memberships.c.member_id)
                            .where(payouts.c.id.in_(asked), payouts.c.chama_id == chama_id)
                            .order_by(payouts.c.id)):
        found.append(OpenVote("P", row.id, row.name, Money(row.net_cents)))
    return found


# the tables a reference names, by the kind of decision (a vote's W or P names a withdrawal or a payout)
_NUMBERED = {"payouts": payouts, "loans": loans, "withdrawals": withdrawal_rows, "shareouts": shareouts}


def chama_of(conn: Connection, kind: str, ref: str) -> int | None:
    """The chama a decision's reference belongs to; None when there is no such item."""
    if kind == "claims":
        return chama_of_claim(conn, ref)
    table = _NUMBERED.get(kind)
    if table is None or not ref.isdigit() or len(ref) > 9:
        return None
    return conn.execute(select(table.c.chama_id).where(table.c.id == int(ref))).scalar()

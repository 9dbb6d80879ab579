"""Payouts waiting for a signature, the treasurer's to decide (USSD menu 8,
`APPROVE PAYOUT <id>` by SMS): approving one signs it through
`approve_payout`; declining records the decision and leaves the payout unpaid
until someone approves. A payout the members voted against is not listed: it
is not theirs to send."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from sqlalchemy import Connection, select

from chamabora.core.errors import NotFound
from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.db.tables import Payout
from chamabora.services.payouts.approvals import approve_payout
from chamabora.services.payouts.disbursements import SIGNED, disbursements
from chamabora.services.payouts.payout_votes import ratifications, ratify
from chamabora.services.records import members, memberships, record_audit

payouts = Payout.__table__


@dataclass(frozen=True, slots=True)
class WaitingPayout:
    payout_id: int
    amount: Money
    recipient: str
    created_at: datetime


class Decided(Enum):
    GONE = "gone"                  # not waiting (any more): decided, paid, or never there
    NOT_RATIFIED = "not_ratified"  # the members voted against it
    DECLINED = "declined"
    SENT = "sent"                  # every signature given: on its way by M-Pesa
    WAITING_VOTE = "waiting_vote"  # signed, waiting for the members' vote
    WAITING_CHAIR = "waiting_chair"


def waiting(conn: Connection, chama_id: int) -> list[WaitingPayout]:
    # loan disbursements have no payout_id, and one NULL would make NOT IN match nothing
    in_flight = select(disbursements.c.payout_id).where(disbursements.c.status.in_(SIGNED),
                                                        disbursements.c.payout_id.is_not(None))
    voted_down = select(ratifications.c.payout_id).where(ratifications.c.status == "failed")
    rows = conn.execute(
        select(payouts.c.id, payouts.c.net_cents, payouts.c.created_at, members.c.name)
        .join(memberships, memberships.c.id == payouts.c.membership_id)
        .join(members, members.c.id == memberships.c.member_id)
        .where(payouts.c.chama_id == chama_id, payouts.c.status == "payable", payouts.c.net_cents > 0,
               payouts.c.id.not_in(in_flight), payouts.c.id.not_in(voted_down))
        .order_by(payouts.c.id)).all()
    return [WaitingPayout(row.id, Money(row.net_cents), row.name, row.created_at) for row in rows]


def chama_of(conn: Connection, payout_id: int) -> int:
    """The chama a payout belongs to: its id names the chama, so an officer of several need not add a code."""
    chama_id = conn.execute(select(payouts.c.chama_id).where(payouts.c.id == payout_id)).scalar()
    if chama_id is None:
        raise NotFound("no such payout", payout_id=payout_id)
    return chama_id  # type: ignore[no-any-return]


def decide(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool,
           second_signatory_above: Money | None = None) -> tuple[Decided, WaitingPayout | None]:
    """An officer's decision on a waiting payout: what came of it, and the payout it was about."""
    payout = next((p for p in waiting(conn, chama_id) if str(p.payout_id) == ref), None)
    if payout is None:
        voted_down = ref.isdigit() and conn.execute(select(ratifications.c.id).where(
            ratifications.c.payout_id == int(ref), ratifications.c.status == "failed")).first() is not None
        return (Decided.NOT_RATIFIED if voted_down else Decided.GONE), None
    if not approve:
        record_audit(conn, "payout.declined", chama_id, actor_id, payout_id=payout.payout_id)
        return Decided.DECLINED, payout
    today = today_in_nairobi(datetime.now(timezone.utc))
    # asked first and answered without raising, so a vote decided by its closing date stays decided
    if ratify(conn, payout.payout_id, today) == "failed":
        return Decided.NOT_RATIFIED, payout
    state = approve_payout(conn, payout.payout_id, actor_id, second_signatory_above=second_signatory_above,
                           today=today)
    if state.queued:
        return Decided.SENT, payout
    return (Decided.WAITING_CHAIR if state.waiting_for else Decided.WAITING_VOTE), payout

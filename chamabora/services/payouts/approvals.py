"""Payout approval: a payout leaves by B2C only after the treasurer approves,
and the chair too when it is above the second-signatory threshold.

Approvals belong to one disbursement attempt (services/payouts/disbursements.py);
once the attempt has every signature it is queued as a B2C outbox row in the
same transaction. A failed attempt needs fresh approvals, so a retry is a
deliberate decision. Where the chama's members ratify large pots
(services/payouts/payout_votes.py), a signed attempt waits as `ratifying` until the
vote passes, and a failed vote withdraws it (`declined`). A loan is signed
through `services.loans.approve_loan` and queued the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.errors import PayoutState
from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.core.signatures import check_signer, payout_signatures
from chamabora.db.tables import Payout
from chamabora.i18n import mpesa as texts
from chamabora.services.mpesa import mpesa_notices
from chamabora.services.ledger.cash import require_cash
from chamabora.services.payouts.defaults import require_payout_allowed
from chamabora.services.payouts.disbursements import (IN_FLIGHT, approvals, latest_for_payout, new_attempt, queue,
                                              set_status)
from chamabora.services.labels import label
from chamabora.services.payouts.payout_votes import PayoutNotRatified, ratify
from chamabora.services.records import chamas, members, membership_of, memberships, money_officers, record_audit
from chamabora.services.notices.notify import notify

payouts = Payout.__table__
DEFAULT_SECOND_SIGNATORY_ABOVE = Money.shillings(50_000)
# The deployment's threshold (PAYOUT_SECOND_SIGNATORY_KES): one figure for every chama on it, set once
# by the composition root, so that SMS, USSD, the web and a worker all ask the chair above the same sum.
_second_signatory_above = DEFAULT_SECOND_SIGNATORY_ABOVE


def set_second_signatory_above(threshold: Money) -> None:
    global _second_signatory_above
    _second_signatory_above = threshold


@dataclass(frozen=True, slots=True)
class ApprovalState:
    disbursement_id: int
    approved_by: tuple[str, ...]   # roles that have signed
    waiting_for: tuple[str, ...]   # roles still needed
    queued: bool                   # fully approved (and ratified): the B2C request is on its way
    vote: str | None = None        # the members' vote, where the chama asks them: voting or passed


def approve_payout(conn: Connection, payout_id: int, actor_id: int, *,
                   second_signatory_above: Money | None = None, today: date | None = None) -> ApprovalState:
    """Sign a payable payout; above the deployment's threshold (or the one given) the chair signs too."""
    threshold = second_signatory_above if second_signatory_above is not None else _second_signatory_above
    payout = conn.execute(select(payouts).where(payouts.c.id == payout_id).with_for_update(key_share=True)).first()
    if payout is None:
        raise PayoutState("no such payout", payout_id=payout_id)
    if payout.status != "payable":
        raise PayoutState("this payout is already disbursed", payout_id=payout_id)
    recipient = conn.execute(select(memberships.c.member_id)
                             .where(memberships.c.id == payout.membership_id)).scalar_one()
    # a recipient flagged for falling behind after their pot gets nothing more until cleared
    require_payout_allowed(conn, payout.chama_id, recipient)
    signer = membership_of(conn, payout.chama_id, actor_id)
    if Role(signer.role) not in MONEY_ROLES:
        raise PayoutState("only the treasurer or the chair approves payouts", role=signer.role)
    officers = money_officers(conn, payout.chama_id)
    check_signer(actor_id, recipient, officers)
    vote = ratify(conn, payout_id, today or today_in_nairobi(datetime.now(timezone.utc)))
    if vote == "failed":
        raise PayoutNotRatified("the members voted against this payout", payout_id=payout_id)
    attempt = _current_attempt(conn, payout)
    # told at the first signature, not after the last: the pot leaves only from cash the chama holds
    require_cash(conn, payout.chama_id, Money(payout.net_cents))
    try:
        with conn.begin_nested():
            conn.execute(insert(approvals), {"disbursement_id": attempt.id, "member_id": actor_id,
                                             "role": signer.role})
    except IntegrityError as exc:
        raise PayoutState("you have already approved this payout", payout_id=payout_id) from exc
    signed = tuple(conn.execute(select(approvals.c.role).where(approvals.c.disbursement_id == attempt.id)
                                .order_by(approvals.c.id)).scalars())
    needed = payout_signatures(officers, recipient, Money(payout.net_cents) > threshold)
    waiting = tuple(role for role in needed if role not in signed)
    record_audit(conn, "payout.approved", payout.chama_id, actor_id, payout_id=payout_id,
                 disbursement_id=attempt.id, waiting_for=list(waiting))
    if not waiting and vote == "voting":
        set_status(conn, attempt.id, "ratifying")  # signed; payout_votes.settle_ratified sends it if the vote passes
    elif not waiting:
        queue(conn, attempt)
    elif Role.CHAIR.value in waiting:
        _ask_chair(conn, attempt, payout.chama_id, signed)
    return ApprovalState(attempt.id, signed, waiting, not waiting and vote != "voting", vote)


def _current_attempt(conn: Connection, payout):  # type: ignore[no-untyped-def]
    latest = latest_for_payout(conn, payout.id)
    if latest is not None and latest.status in IN_FLIGHT:
        raise PayoutState("this payout is already on its way", payout_id=payout.id)
    if latest is not None and latest.status == "ratifying":
        raise PayoutState("this payout is signed and waits for the members' vote", payout_id=payout.id)
    if latest is not None and latest.status == "approving":
        return latest
    Money(payout.net_cents).whole_shillings()  # B2C moves whole shillings only
    recipient = conn.execute(select(members.c.id, members.c.phone)
                             .join(memberships, memberships.c.member_id == members.c.id)
                             .where(memberships.c.id == payout.membership_id)).one()
    return new_attempt(conn, payout_id=payout.id, attempt=(latest.attempt + 1) if latest is not None else 1,
                       chama_id=payout.chama_id, member_id=recipient.id, phone=recipient.phone,
                       amount_cents=payout.net_cents)


def _ask_chair(conn: Connection, attempt, chama_id: int, signed: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == chama_id)).scalar_one()
    recipient = conn.execute(select(members.c.name).where(members.c.id == attempt.member_id)).scalar_one()
    chairs = conn.execute(select(members.c.id, members.c.phone).join(
        memberships, memberships.c.member_id == members.c.id).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active",
        memberships.c.role == Role.CHAIR.value)).all()
    for chair in chairs:
        body = mpesa_notices.for_member(conn, chair.id, texts.PAYOUT_NEEDS, chama=chama,
                                        amount=Money(attempt.amount_cents), recipient=label(recipient),
                                        approvers=", ".join(signed), payout=attempt.payout_id)
        notify(conn, chair.id, body, chama_id,
               dedupe_key=f"mpesa:b2c:{attempt.originator_conversation_id}:ask:{chair.id}")

"""Payout approval: a payout leaves by B2C only after the treasurer approves,
and the chair too when it is above the second-signatory threshold.

Approvals belong to one disbursement attempt; once the attempt has every
signature it is queued as a B2C outbox row in the same transaction. A failed
attempt needs fresh approvals, so a retry is a deliberate decision. Where the
chama's members ratify large pots (services/payout_votes.py), a signed
attempt waits as `ratifying` until the vote passes, and a failed vote
withdraws it (`declined`). A loan is signed through
`services.loans.approve_loan` and queued here the same way.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.errors import PayoutState
from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.defaults import is_blocked, require_payout_allowed
from chamabora.services.labels import label
from chamabora.services.payout_votes import PayoutNotRatified, ratify
from chamabora.services.payouts import payouts
from chamabora.core.cash import InsufficientCash
from chamabora.core.signatures import check_signer, payout_signatures
from chamabora.db.tables import sum_cents
from chamabora.services import outflows
from chamabora.services.cash import register_commitments, require_cash
from chamabora.services.records import chamas, members, membership_of, memberships, money_officers, record_audit
from chamabora.services.savings import withdrawals
from chamabora.mpesa import messages
from chamabora.db.mpesa_tables import Disbursement, PayoutApproval

disbursements = Disbursement.__table__
approvals = PayoutApproval.__table__
DEFAULT_SECOND_SIGNATORY_ABOVE = Money.shillings(50_000)
IN_FLIGHT = ("queued", "sent", "unknown", "checking")
SIGNED = IN_FLIGHT + ("paid", "ratifying")  # an attempt past its signatures: not the officers' to sign again


@dataclass(frozen=True, slots=True)
class ApprovalState:
    disbursement_id: int
    approved_by: tuple[str, ...]   # roles that have signed
    waiting_for: tuple[str, ...]   # roles still needed
    queued: bool                   # fully approved (and ratified): the B2C request is on its way
    vote: str | None = None        # the members' vote, where the chama asks them: voting or passed


def approve_payout(conn: Connection, payout_id: int, actor_id: int, *,
                   second_signatory_above: Money | None = None, today: date | None = None) -> ApprovalState:
    """Sign a payable payout; callers pass `settings.payout_second_signatory_cents` as the threshold."""
    threshold = second_signatory_above if second_signatory_above is not None else DEFAULT_SECOND_SIGNATORY_ABOVE
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
        _set_status(conn, attempt.id, "ratifying")  # signed; settle_ratified sends it if the vote passes
    elif not waiting:
        _queue(conn, attempt)
    elif Role.CHAIR.value in waiting:
        _ask_chair(conn, attempt, payout.chama_id, signed)
    return ApprovalState(attempt.id, signed, waiting, not waiting and vote != "voting", vote)


def settle_ratified(conn: Connection, payout_id: int, passed: bool) -> None:
    """The members decided: a signed attempt waiting for them leaves now; on NO, an open attempt is withdrawn.

    A recipient flagged as a defaulter while the vote ran gets nothing: their signed attempt is withdrawn
    too, and once the flag clears an officer approves afresh (the passed vote stands)."""
    attempt = conn.execute(select(disbursements).where(disbursements.c.payout_id == payout_id)
                           .order_by(disbursements.c.attempt.desc()).limit(1)).first()
    if attempt is None or attempt.status not in ("approving", "ratifying"):
        return
    if passed and attempt.status == "ratifying" and not is_blocked(conn, attempt.chama_id, attempt.member_id):
        if _covered(conn, attempt):
            _queue(conn, attempt)
        else:
            _set_status(conn, attempt.id, "declined")
            record_audit(conn, "payout.cash_short", attempt.chama_id, None, payout_id=payout_id,
                         amount=attempt.amount_cents)
    elif not passed or attempt.status == "ratifying":
        _set_status(conn, attempt.id, "declined")


def _set_status(conn: Connection, disbursement_id: int, status: str) -> None:
    conn.execute(update(disbursements).where(disbursements.c.id == disbursement_id).values(status=status))


def _current_attempt(conn: Connection, payout):  # type: ignore[no-untyped-def]
    latest = conn.execute(select(disbursements).where(disbursements.c.payout_id == payout.id)
                          .order_by(disbursements.c.attempt.desc()).limit(1)).first()
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
    new_id = conn.execute(insert(disbursements).returning(disbursements.c.id), {
        "payout_id": payout.id, "attempt": (latest.attempt + 1) if latest is not None else 1,
        "chama_id": payout.chama_id, "member_id": recipient.id, "phone": recipient.phone,
        "amount_cents": payout.net_cents, "status": "approving",
        "originator_conversation_id": str(uuid.uuid4())}).scalar_one()
    return conn.execute(select(disbursements).where(disbursements.c.id == new_id)).one()


def _covered(conn: Connection, attempt) -> bool:  # type: ignore[no-untyped-def]
    """Whether the chama's confirmed cash, less what is promised elsewhere, still covers this attempt."""
    try:
        require_cash(conn, attempt.chama_id, Money(attempt.amount_cents))
    except InsufficientCash:
        return False
    return True


def in_flight(conn: Connection, chama_id: int) -> int:
    """Cents of payouts on their way by B2C (loans on their way are counted as approved loans)."""
    return conn.execute(select(sum_cents(disbursements.c.amount_cents)).where(  # type: ignore[no-any-return]
        disbursements.c.chama_id == chama_id, disbursements.c.payout_id.is_not(None),
        disbursements.c.status.in_(IN_FLIGHT))).scalar_one()


register_commitments(in_flight)


def _queue(conn: Connection, attempt) -> None:  # type: ignore[no-untyped-def]
    _set_status(conn, attempt.id, "queued")
    enqueue(conn, Channel.B2C, attempt.phone, purpose=Purpose.MONEY, member_id=attempt.member_id,
            chama_id=attempt.chama_id, dedupe_key=f"mpesa:b2c:{attempt.originator_conversation_id}",
            payload={"disbursement_id": attempt.id, "payout_id": attempt.payout_id,
                     "loan_id": attempt.loan_id, "withdrawal_id": attempt.withdrawal_id,
                     "amount_cents": attempt.amount_cents,
                     "originator_conversation_id": attempt.originator_conversation_id})


def queue_loan(conn: Connection, loan) -> int:  # type: ignore[no-untyped-def]
    """Send a fully approved loan to the borrower by B2C; the loan's own approvals are its signatures.

    B2C moves whole shillings only; approve_loan never approves a loan with cents, and if one got
    here the error undoes the approval rather than leave it approved and unsent."""
    Money(loan.principal_cents).whole_shillings()
    phone = conn.execute(select(members.c.phone).where(members.c.id == loan.member_id)).scalar_one()
    new_id = conn.execute(insert(disbursements).returning(disbursements.c.id), {
        "loan_id": loan.id, "attempt": 1, "chama_id": loan.chama_id, "member_id": loan.member_id,
        "phone": phone, "amount_cents": loan.principal_cents, "status": "approving",
        "originator_conversation_id": str(uuid.uuid4())}).scalar_one()
    _queue(conn, conn.execute(select(disbursements).where(disbursements.c.id == new_id)).one())
    return new_id  # type: ignore[no-any-return]


def queue_withdrawal(conn: Connection, withdrawal_id: int) -> int:
    """Send an approved savings withdrawal (or a share-out line) to its member by B2C; a failed attempt
    returns it to the officers (services.withdrawals.send_failed), so each approval makes one attempt."""
    row = conn.execute(select(withdrawals).where(withdrawals.c.id == withdrawal_id)).one()
    Money(row.amount_cents).whole_shillings()  # B2C moves whole shillings only
    phone = conn.execute(select(members.c.phone).where(members.c.id == row.member_id)).scalar_one()
    attempts = conn.execute(select(disbursements.c.attempt).where(disbursements.c.withdrawal_id == withdrawal_id)
                            .order_by(disbursements.c.attempt.desc()).limit(1)).scalar() or 0
    new_id = conn.execute(insert(disbursements).returning(disbursements.c.id), {
        "withdrawal_id": withdrawal_id, "attempt": attempts + 1, "chama_id": row.chama_id,
        "member_id": row.member_id, "phone": phone, "amount_cents": row.amount_cents, "status": "approving",
        "originator_conversation_id": str(uuid.uuid4())}).scalar_one()
    _queue(conn, conn.execute(select(disbursements).where(disbursements.c.id == new_id)).one())
    return new_id  # type: ignore[no-any-return]


outflows.register("withdrawal", queue_withdrawal)


def _ask_chair(conn: Connection, attempt, chama_id: int, signed: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == chama_id)).scalar_one()
    recipient = conn.execute(select(members.c.name).where(members.c.id == attempt.member_id)).scalar_one()
    chairs = conn.execute(select(members.c.id, members.c.phone).join(
        memberships, memberships.c.member_id == members.c.id).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active",
        memberships.c.role == Role.CHAIR.value)).all()
    for chair in chairs:
        body = messages.for_member(conn, chair.id, messages.PAYOUT_NEEDS, chama=chama,
                                   amount=Money(attempt.amount_cents), recipient=label(recipient),
                                   approvers=", ".join(signed), payout=attempt.payout_id)
        enqueue(conn, Channel.SMS, chair.phone, body, purpose=Purpose.NOTICE, member_id=chair.id,
                chama_id=chama_id, dedupe_key=f"mpesa:b2c:{attempt.originator_conversation_id}:ask:{chair.id}")

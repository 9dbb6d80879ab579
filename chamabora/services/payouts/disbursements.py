"""B2C disbursement attempts: money the services decided should leave by
M-Pesa (a payout with every signature, an approved loan, an approved savings
withdrawal or share-out line), queued as a `b2c` outbox row in the same
transaction as the decision, and followed until M-Pesa answers.

One attempt per approval: a failed attempt needs a fresh decision, so a retry
is deliberate. Each attempt carries our own OriginatorConversationID, which
M-Pesa refuses to accept twice. What is on its way counts against the chama's
cash (services/ledger/cash.py) until it has left or failed.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import Connection, insert, or_, select, update

from chamabora.core.money import Money
from chamabora.core.payment_gateway import Accepted
from chamabora.db.mpesa_tables import Disbursement, PayoutApproval
from chamabora.db.tables import sum_cents
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.records import members
from chamabora.services.savings.accounts import withdrawals

disbursements = Disbursement.__table__
approvals = PayoutApproval.__table__
IN_FLIGHT = ("queued", "sent", "unknown", "checking")
SIGNED = IN_FLIGHT + ("paid", "ratifying")  # an attempt past its signatures: not the officers' to sign again
FINAL = ("paid", "failed")


def set_status(conn: Connection, disbursement_id: int, status: str) -> None:
    conn.execute(update(disbursements).where(disbursements.c.id == disbursement_id).values(status=status))


def latest_for_payout(conn: Connection, payout_id: int):  # type: ignore[no-untyped-def]
    return conn.execute(select(disbursements).where(disbursements.c.payout_id == payout_id)
                        .order_by(disbursements.c.attempt.desc()).limit(1)).first()


def new_attempt(conn: Connection, **values: object):  # type: ignore[no-untyped-def]
    """A fresh attempt waiting for its signatures (`approving`), with its own OriginatorConversationID."""
    new_id = conn.execute(insert(disbursements).returning(disbursements.c.id), {
        **values, "status": "approving", "originator_conversation_id": str(uuid.uuid4())}).scalar_one()
    return conn.execute(select(disbursements).where(disbursements.c.id == new_id)).one()


def in_flight(conn: Connection, chama_id: int) -> int:
    """Cents of payouts on their way by B2C (loans on their way are counted as approved loans)."""
    return conn.execute(select(sum_cents(disbursements.c.amount_cents)).where(  # type: ignore[no-any-return]
        disbursements.c.chama_id == chama_id, disbursements.c.payout_id.is_not(None),
        disbursements.c.status.in_(IN_FLIGHT))).scalar_one()


def queue(conn: Connection, attempt) -> None:  # type: ignore[no-untyped-def]
    """Every signature given: the B2C request leaves with this transaction's commit."""
    set_status(conn, attempt.id, "queued")
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
    attempt = new_attempt(conn, loan_id=loan.id, attempt=1, chama_id=loan.chama_id, member_id=loan.member_id,
                          phone=phone, amount_cents=loan.principal_cents)
    queue(conn, attempt)
    return attempt.id  # type: ignore[no-any-return]


def queue_withdrawal(conn: Connection, withdrawal_id: int) -> int:
    """Send an approved savings withdrawal (or a share-out line) to its member by B2C; a failed attempt
    returns it to the officers (services.withdrawals.send_failed), so each approval makes one attempt."""
    row = conn.execute(select(withdrawals).where(withdrawals.c.id == withdrawal_id)).one()
    Money(row.amount_cents).whole_shillings()  # B2C moves whole shillings only
    phone = conn.execute(select(members.c.phone).where(members.c.id == row.member_id)).scalar_one()
    attempts = conn.execute(select(disbursements.c.attempt).where(disbursements.c.withdrawal_id == withdrawal_id)
                            .order_by(disbursements.c.attempt.desc()).limit(1)).scalar() or 0
    attempt = new_attempt(conn, withdrawal_id=withdrawal_id, attempt=attempts + 1, chama_id=row.chama_id,
                          member_id=row.member_id, phone=phone, amount_cents=row.amount_cents)
    queue(conn, attempt)
    return attempt.id  # type: ignore[no-any-return]


def record_accepted(conn: Connection, disbursement_id: int, accepted: Accepted) -> None:
    conn.execute(update(disbursements).where(disbursements.c.id == disbursement_id,
                                             disbursements.c.status == "queued").values(
        status="sent", conversation_id=accepted.conversation_id or None, updated_at=now()))


def record_status_query(conn: Connection, disbursement_id: int, accepted: Accepted) -> None:
    conn.execute(update(disbursements).where(disbursements.c.id == disbursement_id).values(
        status="checking", status_query_id=accepted.originator_conversation_id or accepted.conversation_id,
        updated_at=now()))


def overdue(conn: Connection, older_than: datetime, limit: int = 200):  # type: ignore[no-untyped-def]
    """Disbursements whose result is missing: sent (or checked) long ago, or timed out in Daraja's queue."""
    return conn.execute(select(disbursements).where(or_(
        disbursements.c.status == "unknown",
        (disbursements.c.status.in_(("sent", "checking"))) & (disbursements.c.updated_at < older_than)))
        .order_by(disbursements.c.id).limit(limit)).all()


def now() -> datetime:
    return datetime.now(timezone.utc)

"""A loan's B2C result: success books the disbursement through
`loan_repayments.record_disbursement` (keyed on the M-Pesa receipt, so a
repeated result books nothing more) and tells the borrower their schedule.

If the loan stopped waiting while the money was in flight (recorded by hand,
or rejected), the receipt is kept but nothing is booked a second time, and
the treasurer is asked to check: the money did leave.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.i18n import mpesa as texts
from chamabora.services.mpesa import mpesa_notices
from chamabora.services.labels import label
from chamabora.services.lending.loan_repayments import record_disbursement
from chamabora.services.lending.loans import loans, schedule_of
from chamabora.services.mpesa.mpesa_notices import treasurers
from chamabora.services.records import chamas, members
from chamabora.services.notices.notify import notify


def book(conn: Connection, row, receipt: str,  # type: ignore[no-untyped-def]
         now: datetime) -> tuple[int | None, list[tuple[str, str]]]:
    """Book the loan's disbursement; returns the journal entry (None if not booked) and its approvers."""
    loan = conn.execute(select(loans).where(loans.c.id == row.loan_id)).one()
    approvers = _approvers(conn, loan)
    if loan.status != "approved" and loan.disbursement_ref != receipt:
        _tell_paid_twice(conn, row, receipt)
        return None, approvers
    today = today_in_nairobi(now)
    entry_id = record_disbursement(conn, loan.id, receipt, today, now)
    schedule = schedule_of(loan, today)
    first = schedule.instalments[0]
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one()
    body = mpesa_notices.for_member(conn, row.member_id, texts.LOAN_SENT, chama=chama,
                                    amount=Money(row.amount_cents), receipt=receipt, first=first.total,
                                    due=f"{first.due_on:%d/%m/%Y}")
    notify(conn, row.member_id, body, row.chama_id,
           dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:loan-sent")
    return entry_id, approvers


def _approvers(conn: Connection, loan) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(name, role) of who signed the loan, named in each member's own words when announced."""
    signed = [(loan.treasurer_approved_by, "treasurer"), (loan.chair_approved_by, "chair")]
    names = {r.id: r.name for r in conn.execute(select(members.c.id, members.c.name).where(
        members.c.id.in_([m for m, _ in signed if m is not None])))}
    return [(names[m], role) for m, role in signed if m is not None]


def _tell_paid_twice(conn: Connection, row, receipt: str) -> None:  # type: ignore[no-untyped-def]
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one()
    recipient = conn.execute(select(members.c.name).where(members.c.id == row.member_id)).scalar_one()
    for member_id, _phone in treasurers(conn, row.chama_id):
        body = mpesa_notices.for_member(conn, member_id, texts.LOAN_PAID_TWICE, chama=chama, receipt=receipt,
                                        amount=Money(row.amount_cents), recipient=label(recipient),
                                        loan=f"L{row.loan_id}")
        notify(conn, member_id, body, row.chama_id,
               dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:twice:{member_id}")

"""Loan requests waiting for the treasurer (and the chair above the chama's
threshold), as items in the pending list of the USSD treasurer menu:
approving signs through `services.loans.approve_loan`, rejecting calls
`reject_loan`. An officer never sees their own loan as theirs to decide."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, select

from ...core.money import Money
from ...core.schedule import today_in_nairobi
from ...services import loans
from ...services.records import members
from ..i18n import _, translate
from ..pending import PendingItem, PendingSource, register_source

SUMMARY = _("Loan %(amount)s, %(months)s months to %(name)s")
APPROVED = _("Approved. Loan %(loan)s will be sent by M-Pesa.")
NEEDS_OTHER = _("Approved. Loan %(loan)s now needs the second approval.")
REJECTED = _("Loan %(loan)s rejected.")
GONE = _("That item was already decided.")


def _waiting(conn: Connection, chama_id: int):  # type: ignore[no-untyped-def]
    table = loans.loans
    return conn.execute(select(table.c.id, table.c.principal_cents, table.c.months, table.c.created_at,
                               members.c.name)
                        .join(members, members.c.id == table.c.member_id)
                        .where(table.c.chama_id == chama_id, table.c.status == "requested")
                        .order_by(table.c.id)).all()


def list_items(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("loans", str(row.id), translate(language, SUMMARY, amount=Money(row.principal_cents),
                                                        months=row.months, name=row.name[:20]), row.created_at)
            for row in _waiting(conn, chama_id)]


def decide(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    if not any(str(row.id) == ref for row in _waiting(conn, chama_id)):
        return translate(language, GONE)
    loan_id = int(ref)
    if not approve:
        loans.reject_loan(conn, loan_id, actor_id)
        return translate(language, REJECTED, loan=f"L{loan_id}")
    status = loans.approve_loan(conn, loan_id, actor_id, today_in_nairobi(datetime.now(timezone.utc)))
    return translate(language, APPROVED if status == "approved" else NEEDS_OTHER, loan=f"L{loan_id}")


register_source(PendingSource("loans", list_items, decide))

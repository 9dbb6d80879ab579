"""Email alerts for officers who gave an address: an M-Pesa payment held
because it matched no member (waiting for the treasurer to assign it), and
a payout whose B2C transfer failed. The M-Pesa side already texts the
treasurer; this job reads its tables every few minutes and emails each
officer once per item (the dedupe key names the item and the officer)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import translate
from chamabora.core.money import Money
from chamabora.core.phone import mask_phone
from chamabora.db.mpesa_tables import C2BPayment, Disbursement
from chamabora.services.records import chamas, members
from chamabora.i18n.officers import HELD_PAYMENT_BODY, HELD_PAYMENT_SUBJECT, PAYOUT_FAILED_BODY, PAYOUT_FAILED_SUBJECT
from chamabora.services.notices.officers import email, officers_with_email

c2b_payments = C2BPayment.__table__
disbursements = Disbursement.__table__
LOOK_BACK = timedelta(days=7)   # older items were alerted already, or predate the officer's address


def email_alerts(services, now: datetime) -> int:  # type: ignore[no-untyped-def]
    return services.run(lambda conn: queue_alerts(conn, now))  # type: ignore[no-any-return]


def queue_alerts(conn: Connection, now: datetime) -> int:
    since = (now - LOOK_BACK).astimezone(timezone.utc)   # SQLite compares the UTC text as written
    held = conn.execute(select(c2b_payments).where(
        c2b_payments.c.status == "unmatched", c2b_payments.c.chama_id.is_not(None),
        c2b_payments.c.created_at >= since)).all()
    failed = conn.execute(select(disbursements).where(
        disbursements.c.status == "failed", disbursements.c.updated_at >= since)).all()
    chama_ids = sorted({row.chama_id for row in [*held, *failed]})
    if not chama_ids:
        return 0
    officers = officers_with_email(conn, chama_ids)
    names = dict(conn.execute(select(chamas.c.id, chamas.c.name).where(chamas.c.id.in_(chama_ids))).all())
    queued = 0
    for row in held:
        payer = row.payer_name or (mask_phone(row.msisdn) if row.msisdn.startswith("+") else row.msisdn) or "?"
        for officer in officers.get(row.chama_id, []):
            values = {"chama": names[row.chama_id], "receipt": row.trans_id, "amount": Money(row.amount_cents),
                      "payer": payer, "account": row.bill_ref or "-"}
            queued += email(conn, officer, row.chama_id, translate(officer.language, HELD_PAYMENT_SUBJECT, **values),
                            translate(officer.language, HELD_PAYMENT_BODY, **values),
                            f"alert:held:{row.trans_id}:{officer.member_id}") is not None
    for row in failed:
        recipient = conn.execute(select(members.c.name).where(members.c.id == row.member_id)).scalar_one()
        for officer in officers.get(row.chama_id, []):
            values = {"chama": names[row.chama_id], "amount": Money(row.amount_cents), "recipient": recipient,
                      "reason": f"{row.result_desc or 'no reason given'}, {row.result_code or '-'}"}
            queued += email(conn, officer, row.chama_id, translate(officer.language, PAYOUT_FAILED_SUBJECT, **values),
                            translate(officer.language, PAYOUT_FAILED_BODY, **values),
                            f"alert:payout-failed:{row.id}:{officer.member_id}") is not None
    return queued

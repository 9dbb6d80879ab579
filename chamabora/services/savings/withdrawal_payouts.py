"""A savings withdrawal's (or share-out line's) B2C result: success books it
through `withdrawals.record_withdrawal_paid` (keyed on the M-Pesa receipt, so
a repeated result books nothing more) and tells the member; a failure
returns it to the officers to approve again, and tells the member and them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.db.rule_tables import ShareOutLine
from chamabora.i18n import mpesa as texts
from chamabora.services.savings import withdrawals as savings_withdrawals
from chamabora.services.mpesa import mpesa_notices
from chamabora.services.labels import label
from chamabora.services.records import chamas, members
from chamabora.services.savings.accounts import savings_balance
from chamabora.services.mpesa.mpesa_notices import treasurers
from chamabora.services.notices.notify import notify

lines = ShareOutLine.__table__
REASON = 30


def book(conn: Connection, row, receipt: str, now: datetime) -> int:  # type: ignore[no-untyped-def]
    """Post the withdrawal and tell the member; returns the journal entry."""
    entry_id = savings_withdrawals.record_withdrawal_paid(conn, row.withdrawal_id, receipt, now)
    chama = label(conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one())
    line = conn.execute(select(lines).where(lines.c.withdrawal_id == row.withdrawal_id)).first()
    amount = Money(row.amount_cents)
    if line is not None:
        body = mpesa_notices.for_member(conn, row.member_id, texts.SHARE_OUT_SENT, chama=chama, amount=amount,
                                        receipt=receipt, savings=Money(line.savings_cents),
                                        share=Money(line.share_cents))
    else:
        body = mpesa_notices.for_member(conn, row.member_id, texts.WITHDRAWAL_SENT, chama=chama, amount=amount,
                                        receipt=receipt, left=savings_balance(conn, row.chama_id, row.member_id))
    notify(conn, row.member_id, body, row.chama_id,
           dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:withdrawn")
    return entry_id


def failed(conn: Connection, row, reason: str) -> None:  # type: ignore[no-untyped-def]
    savings_withdrawals.send_failed(conn, row.withdrawal_id)
    chama = label(conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one())
    member = label(conn.execute(select(members.c.name).where(members.c.id == row.member_id)).scalar_one())
    values = {"chama": chama, "amount": Money(row.amount_cents), "ref": f"W{row.withdrawal_id}"}
    body = mpesa_notices.for_member(conn, row.member_id, texts.WITHDRAWAL_NOT_SENT, **values)
    notify(conn, row.member_id, body, row.chama_id,
           dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:not-withdrawn")
    for member_id, _phone in treasurers(conn, row.chama_id):
        if member_id == row.member_id:
            continue
        body = mpesa_notices.for_member(conn, member_id, texts.OFFICERS_WITHDRAWAL_NOT_SENT, member=member,
                                        reason=reason[:REASON], **values)
        notify(conn, member_id, body, row.chama_id,
               dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:failed:{member_id}")



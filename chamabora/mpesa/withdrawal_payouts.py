"""A savings withdrawal's (or share-out line's) B2C result: success books it
through `withdrawals.record_withdrawal_paid` (keyed on the M-Pesa receipt, so
a repeated result books nothing more) and tells the member; a failure
returns it to the officers to approve again, and tells the member and them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import _
from chamabora.core.money import Money
from chamabora.db.rule_tables import ShareOutLine
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services import withdrawals as savings_withdrawals
from chamabora.services.labels import label
from chamabora.services.records import chamas, members
from chamabora.services.savings import savings_balance
from chamabora.mpesa import messages
from chamabora.mpesa.c2b import treasurers

lines = ShareOutLine.__table__
SENT = _("%(chama)s: %(amount)s from your savings was sent to your M-Pesa (%(receipt)s). Savings left: %(left)s.")
SHARE_SENT = _("%(chama)s share-out: your savings %(savings)s and share %(share)s, %(amount)s in all, sent to "
               "your M-Pesa (%(receipt)s).")
NOT_SENT = _("%(chama)s: M-Pesa could not send %(amount)s (%(ref)s) to you. Nothing left your savings; the "
             "treasurer will approve it again.")
OFFICERS_NOT_SENT = _("%(chama)s: M-Pesa did not send %(amount)s (%(ref)s) to %(member)s: %(reason)s. "
                      "APPROVE %(ref)s to try again.")
REASON = 30


def book(conn: Connection, row, receipt: str, now: datetime) -> int:  # type: ignore[no-untyped-def]
    """Post the withdrawal and tell the member; returns the journal entry."""
    entry_id = savings_withdrawals.record_withdrawal_paid(conn, row.withdrawal_id, receipt, now)
    chama = label(conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one())
    line = conn.execute(select(lines).where(lines.c.withdrawal_id == row.withdrawal_id)).first()
    amount = Money(row.amount_cents)
    if line is not None:
        body = messages.for_member(conn, row.member_id, SHARE_SENT, chama=chama, amount=amount, receipt=receipt,
                                   savings=Money(line.savings_cents), share=Money(line.share_cents))
    else:
        body = messages.for_member(conn, row.member_id, SENT, chama=chama, amount=amount, receipt=receipt,
                                   left=savings_balance(conn, row.chama_id, row.member_id))
    enqueue(conn, Channel.SMS, row.phone, body, purpose=Purpose.NOTICE, member_id=row.member_id,
            chama_id=row.chama_id, dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:withdrawn")
    return entry_id


def failed(conn: Connection, row, reason: str) -> None:  # type: ignore[no-untyped-def]
    savings_withdrawals.send_failed(conn, row.withdrawal_id)
    chama = label(conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one())
    member = label(conn.execute(select(members.c.name).where(members.c.id == row.member_id)).scalar_one())
    values = {"chama": chama, "amount": Money(row.amount_cents), "ref": f"W{row.withdrawal_id}"}
    enqueue(conn, Channel.SMS, row.phone, messages.for_member(conn, row.member_id, NOT_SENT, **values),
            purpose=Purpose.NOTICE, member_id=row.member_id, chama_id=row.chama_id,
            dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:not-withdrawn")
    for member_id, phone in treasurers(conn, row.chama_id):
        if member_id == row.member_id:
            continue
        body = messages.for_member(conn, member_id, OFFICERS_NOT_SENT, member=member, reason=reason[:REASON],
                                   **values)
        enqueue(conn, Channel.SMS, phone, body, purpose=Purpose.NOTICE, member_id=member_id, chama_id=row.chama_id,
                dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:failed:{member_id}")



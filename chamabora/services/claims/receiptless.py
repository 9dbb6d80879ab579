"""Tying a receipt to an STK payment that was resolved without one.

When Daraja's callback never comes, reconciliation learns from an STK query
that a prompt was paid, but a query carries no receipt number, so the
payment is booked under `stk:<CheckoutRequestID>`. A member who then forwards
that payment's confirmation brings the receipt under another key
(`mpesa:<code>`): without this module the same shillings would be counted
twice, once per key. Both orders are covered: a forwarded claim adopts the
receiptless prompt it matches, and a prompt resolved by query finds the
claim that was already applied for it.

A match is the same member, chama and amount, with the M-Pesa transaction
time within WINDOW of the prompt being sent (a member answers a prompt
within minutes; the window allows for clocks and slow networks).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, select, update

from chamabora.db.claim_tables import PaymentClaim
from chamabora.core.schedule import NAIROBI
from chamabora.db.mpesa_tables import C2BPayment, StkRequest

stk = StkRequest.__table__
claims = PaymentClaim.__table__
c2b = C2BPayment.__table__
WINDOW = timedelta(minutes=30)
APPLIED = ("verified", "unverified")
RECENT = 20  # a member's latest applied claims of that amount; an older one cannot be this payment


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def paid_at(occurred_at: datetime | None) -> datetime | None:
    """A confirmation's printed time (Nairobi, no zone) as an aware moment."""
    if occurred_at is None:
        return None
    return occurred_at.replace(tzinfo=NAIROBI) if occurred_at.tzinfo is None else occurred_at


def adopt_prompt(conn: Connection, chama_id: int, member_id: int, amount_cents: int, code: str,
                 occurred_at: datetime | None):  # type: ignore[no-untyped-def]
    """The paid, receiptless prompt this forwarded receipt is the confirmation of, now carrying the
    receipt; None when there is none."""
    moment = paid_at(occurred_at)
    if moment is None:
        return None
    candidates = conn.execute(select(stk).where(
        stk.c.member_id == member_id, stk.c.chama_id == chama_id, stk.c.amount_cents == amount_cents,
        stk.c.status == "paid", stk.c.receipt.is_(None),
        stk.c.created_at >= (moment - WINDOW).astimezone(timezone.utc),
        stk.c.created_at <= (moment + WINDOW).astimezone(timezone.utc))
        .order_by(stk.c.id).with_for_update(key_share=True)).all()
    if not candidates:
        return None
    prompt = candidates[0]
    conn.execute(update(stk).where(stk.c.id == prompt.id, stk.c.receipt.is_(None)).values(receipt=code))
    return prompt


def applied_claim(conn: Connection, chama_id: int, member_id: int, amount_cents: int,
                  prompt_sent: datetime) -> str | None:
    """The receipt code of a forwarded claim already applied for this prompt's payment, if any: one
    whose code no Daraja record carries and whose transaction time fits the prompt."""
    sent = _aware(prompt_sent)
    rows = conn.execute(select(claims.c.receipt_code, claims.c.fields).where(
        claims.c.member_id == member_id, claims.c.chama_id == chama_id, claims.c.amount_cents == amount_cents,
        claims.c.status.in_(APPLIED), claims.c.receipt_code.is_not(None))
        .order_by(claims.c.id.desc()).limit(RECENT)).all()
    for code, fields in rows:
        at = (json.loads(fields or "{}")).get("occurred_at")
        moment = paid_at(datetime.fromisoformat(at)) if at else None
        if moment is None or abs(moment - sent) > WINDOW:
            continue
        known = conn.execute(select(stk.c.id).where(stk.c.receipt == code)).first() or \
            conn.execute(select(c2b.c.id).where(c2b.c.trans_id == code)).first()
        if known is None:
            return code
    return None

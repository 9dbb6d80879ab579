"""Loan offers awaiting the member's confirmation.

`LOAN 5000 6` (or the USSD loan screens) shows the total interest and keeps
the offer here for `QUOTE_MINUTES`; nothing is written to the loans table
until the member confirms (YES / NDIO, or the PIN on USSD), when
`confirm_quote` records the request through `loans.request_loan`. A newer
offer replaces an older one; NO, or time running out, drops it.

Above the member's limit an offer is kept only with guarantors named in the
request (`LOAN 20000 6 GUARANTORS 0712345678`); the offer keeps who they are,
and their pledges are worked out again on YES, when they are asked by SMS.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Connection, delete, insert, select

from chamabora.core.money import Money
from chamabora.db.loan_tables import LoanQuote as LoanQuoteRow
from chamabora.services.lending import loans as loan_requests
from chamabora.services.lending.loans import LoanQuote

quotes = LoanQuoteRow.__table__
QUOTE_MINUTES = 15


@dataclass(frozen=True, slots=True)
class Confirmed:
    """The outcome of YES: the recorded loan, or a fresh offer when the terms moved since the quote."""

    loan_id: int | None
    quote: LoanQuote
    amount: Money
    months: int


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def offer_loan(conn: Connection, chama_id: int, member_id: int, amount: Money, months: int, today: date,
               now: datetime, guarantors: tuple[str, ...] = ()) -> LoanQuote:
    """Quote the loan; the offer is kept for confirmation when it is within the member's limit or
    guarantors (phones) are named to back the rest."""
    ids = loan_requests.guarantor_ids(conn, chama_id, member_id, guarantors) if guarantors else []
    return _offer(conn, chama_id, member_id, amount, months, today, now, ids)


def _offer(conn: Connection, chama_id: int, member_id: int, amount: Money, months: int, today: date,
           now: datetime, guarantors: list[int]) -> LoanQuote:
    quote = loan_requests.quote_loan(conn, chama_id, member_id, amount, months, today)
    if quote.guarantee_needed.is_positive():
        if not guarantors:
            return quote
        quote = loan_requests.with_pledges(conn, chama_id, member_id, quote, guarantors)
    drop_quote(conn, chama_id, member_id)
    conn.execute(insert(quotes), {"chama_id": chama_id, "member_id": member_id, "principal_cents": amount.cents,
                                  "months": months, "total_interest_cents": quote.schedule.total_interest.cents,
                                  "expires_at": _utc(now) + timedelta(minutes=QUOTE_MINUTES),
                                  "guarantors": ",".join(map(str, guarantors)) or None})
    return quote


def pending_quote(conn: Connection, member_id: int, now: datetime):  # type: ignore[no-untyped-def]
    """The member's newest offer still open at `now`, or None."""
    return conn.execute(select(quotes).where(quotes.c.member_id == member_id, quotes.c.expires_at > _utc(now))
                        .order_by(quotes.c.id.desc()).limit(1)).first()


def drop_quote(conn: Connection, chama_id: int, member_id: int) -> bool:
    return conn.execute(delete(quotes).where(quotes.c.chama_id == chama_id,
                                             quotes.c.member_id == member_id)).rowcount > 0


def confirm_quote(conn: Connection, member_id: int, today: date, now: datetime) -> Confirmed | None:
    """Record the offered loan; None when no offer is open. If the chama's terms changed
    since the offer (a new rate, savings withdrawn), the new terms are offered instead."""
    row = pending_quote(conn, member_id, now)
    if row is None:
        return None
    amount = Money(row.principal_cents)
    guarantors = [int(g) for g in row.guarantors.split(",")] if row.guarantors else []
    drop_quote(conn, row.chama_id, member_id)
    quote = loan_requests.quote_loan(conn, row.chama_id, member_id, amount, row.months, today)
    needs_backing = quote.guarantee_needed.is_positive()
    if quote.schedule.total_interest.cents != row.total_interest_cents or (needs_backing and not guarantors):
        return Confirmed(None, _offer(conn, row.chama_id, member_id, amount, row.months, today, now, guarantors),
                         amount, row.months)
    if needs_backing:
        quote = loan_requests.with_pledges(conn, row.chama_id, member_id, quote, guarantors)
    loan_id = loan_requests.request_loan(conn, row.chama_id, member_id, amount, row.months, today,
                                         dict(quote.pledges))
    return Confirmed(loan_id, quote, amount, row.months)

"""STK push requests and their results: a successful prompt books the money
once, for what it was asked for (a contribution unless the prompt says
otherwise, see `purposes`), and sends a receipt; every other outcome tells the member
what happened and leaves the ledger alone.

The request row is locked while a result is applied, so concurrent
deliveries of the same callback queue behind each other and the second finds
it resolved. The ledger key is the M-Pesa receipt (`mpesa:<receipt>`), the
same key a forwarded confirmation or a C2B notice of that payment would use.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Connection, insert, or_, select, update

from chamabora.core.money import Money
from chamabora.core.payment_gateway import GatewayError, StkAccepted, StkOrder, SubscriberBusy
from chamabora.core.schedule import today_in_nairobi
from chamabora.db.mpesa_tables import StkRequest
from chamabora.i18n import mpesa as texts
from chamabora.outbox.store import Channel, Purpose, enqueue, outbox, release_interrupted
from chamabora.parser.daraja import StkResult
from chamabora.services.mpesa import mpesa_notices
from chamabora.services.mpesa import purposes
from chamabora.services.claims.receiptless import applied_claim
from chamabora.services.mpesa.mpesa_notices import treasurers
from chamabora.services.notices.money import language_of
from chamabora.services.records import chamas, members, record_audit
from chamabora.services.notices.notify import notify

requests_table = StkRequest.__table__
STATUS_BY_CODE = {"0": "paid", "1032": "cancelled", "1037": "timeout"}
# a success callback whose amount is not the prompt's: held, never booked, until an STK query settles it
CHECKING = "checking"
# a success callback whose receipt already paid another prompt: held for the treasurer, with both ids
HELD = "held"
OPEN = ("pending", CHECKING)


def record_request(conn: Connection, order: StkOrder, accepted: StkAccepted) -> int:
    return conn.execute(insert(requests_table).returning(requests_table.c.id), {
        "outbox_id": order.outbox_id, "chama_id": order.chama_id, "member_id": order.member_id,
        "phone": order.phone, "amount_cents": order.amount.cents, "purpose": order.purpose,
        "details": json.dumps(order.details, sort_keys=True, default=str),
        "account_reference": order.account_reference, "merchant_request_id": accepted.merchant_request_id,
        "checkout_request_id": accepted.checkout_request_id, "status": "pending"}).scalar_one()


def request_for_outbox(conn: Connection, outbox_id: int) -> str | None:
    """The CheckoutRequestID already obtained for an outbox row (a retried send must not prompt twice)."""
    return conn.execute(select(requests_table.c.checkout_request_id)
                        .where(requests_table.c.outbox_id == outbox_id)).scalar()


def tell_not_sent(conn: Connection, order: StkOrder, error: GatewayError) -> None:
    """M-Pesa refused the prompt for good: one message, saying why; the reply that promised the prompt
    went out before it (InlineDispatcher)."""
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == order.chama_id)).scalar_one()
    msgid = texts.STK_BUSY if isinstance(error, SubscriberBusy) else texts.STK_NOT_SENT
    reason = texts.not_sent_reason(language_of(conn, order.member_id), str(error),
                                   error.error_code or error.code)
    body = mpesa_notices.for_payer(conn, order.member_id, msgid, order.purpose, order.details, order.amount,
                                   chama=chama, reason=reason)
    notify(conn, order.member_id, body, order.chama_id, dedupe_key=f"mpesa:stk-not-sent:{order.outbox_id}")


def already_resolved(conn: Connection, result: StkResult) -> bool:
    status = conn.execute(select(requests_table.c.status).where(
        requests_table.c.checkout_request_id == result.checkout_request_id)).scalar()
    return status is not None and status not in OPEN and not (result.receipt and status == "paid")


def apply_stk_result(conn: Connection, result: StkResult, resolved_by: str = "callback") -> str:
    request = conn.execute(select(requests_table).where(
        requests_table.c.checkout_request_id == result.checkout_request_id)
        .with_for_update(key_share=True)).first()
    if request is None:
        return "orphan"
    if request.status not in OPEN:
        if result.receipt and request.status == "paid" and request.receipt is None:
            conn.execute(update(requests_table).where(requests_table.c.id == request.id)
                         .values(receipt=result.receipt))  # a late callback after reconciliation
        return "duplicate"
    values: dict[str, object] = {
        "status": STATUS_BY_CODE.get(result.result_code, "failed"), "result_code": result.result_code,
        "result_desc": result.result_desc, "resolved_by": resolved_by, "resolved_at": datetime.now(timezone.utc)}
    outcome = "applied"
    if result.succeeded:
        held = _held(conn, request, result)
        if held is not None:
            if request.status == held["status"]:
                return "duplicate"  # held already, the treasurers told once
            values.update(held)
            outcome = "held"
        else:
            values.update(_post_payment(conn, request, result))
    elif request.status == CHECKING and resolved_by != "query":
        return "duplicate"  # only M-Pesa's own answer to our query settles a held prompt
    else:
        _tell(conn, request, texts.stk_outcome(result.result_code), Purpose.NOTICE, code=result.result_code)
    conn.execute(update(requests_table).where(requests_table.c.id == request.id).values(**values))
    return outcome


def _held(conn: Connection, request, result: StkResult) -> dict[str, object] | None:  # type: ignore[no-untyped-def]
    """Why a success callback is not booked as sent, as the request row's new values; None to book it.
    Its amount must be the prompt's (M-Pesa charges what we asked), and its receipt can pay one prompt."""
    if result.amount is not None and result.amount.cents != request.amount_cents:
        note = f"callback says {result.amount}, prompt was {Money(request.amount_cents)}; receipt {result.receipt}"
        _tell_treasurers_held(conn, request, texts.STK_HELD_AMOUNT, "amount", claimed=result.amount)
        record_audit(conn, "stk.amount_mismatch", request.chama_id, request.member_id,
                     checkout_request_id=request.checkout_request_id, claimed=result.amount.cents,
                     prompted=request.amount_cents, receipt=result.receipt)
        return {"status": CHECKING, "result_desc": note[:200]}
    if result.receipt:
        first = conn.execute(select(requests_table.c.checkout_request_id).where(
            requests_table.c.receipt == result.receipt, requests_table.c.id != request.id)).scalar()
        if first is not None:
            _tell_treasurers_held(conn, request, texts.STK_HELD_RECEIPT, "receipt", receipt=result.receipt,
                                  first=first, second=request.checkout_request_id)
            record_audit(conn, "stk.receipt_reused", request.chama_id, request.member_id, receipt=result.receipt,
                         applied_to=first, held=request.checkout_request_id)
            return {"status": HELD, "result_desc": f"receipt {result.receipt} already paid {first}"[:200]}
    return None


def _tell_treasurers_held(conn: Connection, request, msgid: str, why: str,  # type: ignore[no-untyped-def]
                          **values: object) -> None:
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == request.chama_id)).scalar_one()
    member = conn.execute(select(members.c.name).where(members.c.id == request.member_id)).scalar_one()
    for treasurer_id, phone in treasurers(conn, request.chama_id):
        body = mpesa_notices.for_member(conn, treasurer_id, msgid, chama=chama, member=member,
                                        amount=Money(request.amount_cents), checkout=request.checkout_request_id,
                                        **values)
        notify(conn, treasurer_id, body, request.chama_id,
               dedupe_key=f"mpesa:stk:{request.checkout_request_id}:held:{why}:{treasurer_id}")


def _post_payment(conn: Connection, request, result: StkResult) -> dict[str, object]:  # type: ignore[no-untyped-def]
    # fines honour the M-Pesa transaction time, not the time the callback reached us
    amount = result.amount or Money(request.amount_cents)
    if not result.receipt:
        code = applied_claim(conn, request.chama_id, request.member_id, amount.cents, request.created_at)
        if code is not None:
            # the member forwarded this payment's confirmation and it was applied under its receipt:
            # booking it again would count the same shillings twice
            record_audit(conn, "stk.matched_claim", request.chama_id, request.member_id, code=code,
                         checkout_request_id=request.checkout_request_id, purpose=request.purpose)
            if (request.purpose or "contribution") != "contribution":
                _tell_treasurers_misplaced(conn, request, amount, code)
            return {"receipt": code}
    paid_on = today_in_nairobi(result.paid_at or _aware(request.created_at))
    key = f"mpesa:{result.receipt}" if result.receipt else f"stk:{request.checkout_request_id}"
    booked = purposes.book(conn, request, amount, key, paid_on, result.paid_at or datetime.now(timezone.utc),
                           f"M-Pesa {result.receipt or request.checkout_request_id}"[:200])
    if not booked.duplicate:
        _tell(conn, request, booked.receipt_msgid or texts.RECEIPT, Purpose.RECEIPT, amount=amount,
              receipt=result.receipt or None, **(booked.values or {}))
    return {"entry_id": booked.entry_id, "receipt": result.receipt}


def _tell(conn: Connection, request, msgid: str, purpose: Purpose, **values: object) -> None:  # type: ignore[no-untyped-def]
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == request.chama_id)).scalar_one()
    values = {"amount": Money(request.amount_cents), **values}
    body = mpesa_notices.for_payer(conn, request.member_id, msgid, request.purpose,
                                   json.loads(request.details or "{}"), chama=chama, **values)
    enqueue(conn, Channel.SMS, request.phone, body,
            purpose=purpose, member_id=request.member_id, chama_id=request.chama_id,
            dedupe_key=f"mpesa:stk:{request.checkout_request_id}")


def _tell_treasurers_misplaced(conn: Connection, request, amount: Money, code: str) -> None:  # type: ignore[no-untyped-def]
    """A prompt for a loan repayment, a saving or a plan whose money was already counted as a
    contribution from the member's forwarded copy: counted once, in the wrong place, and said so."""
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == request.chama_id)).scalar_one()
    member = conn.execute(select(members.c.name).where(members.c.id == request.member_id)).scalar_one()
    for treasurer_id, phone in treasurers(conn, request.chama_id):
        purpose = mpesa_notices.for_member(conn, treasurer_id,
                                           texts.PURPOSE_NAMES.get(request.purpose, texts.OTHER_PURPOSE))
        body = mpesa_notices.for_member(conn, treasurer_id, texts.COUNTED_AS_CONTRIBUTION, chama=chama,
                                        amount=amount, member=member, receipt=code, purpose=purpose)
        notify(conn, treasurer_id, body, request.chama_id,
               dedupe_key=f"mpesa:stk:{request.checkout_request_id}:placed:{treasurer_id}")


def release_and_tell(conn: Connection, outbox_ids: list[int]) -> None:
    """Release rows a dead worker left 'sending' (outbox policy); a member whose M-Pesa prompt may never
    have been sent is told so, instead of waiting for a prompt that is not coming."""
    for outbox_id in release_interrupted(conn, outbox_ids):
        row = conn.execute(select(outbox.c.channel, outbox.c.recipient, outbox.c.member_id, outbox.c.chama_id,
                                  outbox.c.payload).where(outbox.c.id == outbox_id)).one()
        if row.channel != Channel.STK_PUSH.value or row.member_id is None or row.chama_id is None:
            continue
        payload = json.loads(row.payload or "{}")
        amount = Money(int(payload.get("amount_cents", 0)))
        chama = conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one()
        enqueue(conn, Channel.SMS, row.recipient,
                mpesa_notices.for_payer(conn, row.member_id, texts.STK_UNSURE, payload.get("purpose"), payload,
                                        amount, chama=chama),
                purpose=Purpose.RECEIPT, member_id=row.member_id, chama_id=row.chama_id,
                dedupe_key=f"mpesa:unsure:{outbox_id}")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def pending_for_member(conn: Connection, member_id: int) -> list[tuple[str, Money]]:
    """The member's prompts still waiting for M-Pesa: (CheckoutRequestID, amount), oldest first."""
    rows = conn.execute(select(requests_table.c.checkout_request_id, requests_table.c.amount_cents).where(
        requests_table.c.member_id == member_id, requests_table.c.status == "pending")
        .order_by(requests_table.c.id)).all()
    return [(row.checkout_request_id, Money(row.amount_cents)) for row in rows]


def overdue(conn: Connection, older_than: datetime, limit: int = 500) -> list[str]:
    """CheckoutRequestIDs still pending after the member's time to answer, and those held for an amount
    that was not the prompt's (whatever their age: M-Pesa's answer to the query settles them)."""
    return list(conn.execute(select(requests_table.c.checkout_request_id).where(
        or_(requests_table.c.status == CHECKING,
            (requests_table.c.status == "pending") & (requests_table.c.created_at < older_than)))
        .order_by(requests_table.c.id).limit(limit)).scalars())


"""B2C results: what M-Pesa answered about a disbursement (or its silence),
and the announcements.

A successful result posts the disbursement through `disburse_payout` (or,
for a loan, `loan_payouts.book`; for savings, `withdrawal_payouts.book`), keyed on the M-Pesa receipt, and tells
every member of the chama: amount, recipient, approvers. A failed one leaves
the payout payable (the loan approved), posts nothing, and tells the
treasurer. Results are matched by OriginatorConversationID
(ours, so known before the request leaves), ConversationID, or the id of a
transaction-status query made by reconciliation.
"""
from __future__ import annotations

from sqlalchemy import Connection, or_, select, update

from chamabora.core.money import Money
from chamabora.core.phone import mask_phone
from chamabora.i18n import mpesa as texts
from chamabora.i18n.catalogs import translate
from chamabora.parser.daraja import B2CResult
from chamabora.services.lending import loan_payouts
from chamabora.services.mpesa import mpesa_notices
from chamabora.services.savings import withdrawal_payouts
from chamabora.services.payouts.disbursements import FINAL, approvals, disbursements, now
from chamabora.services.labels import label
from chamabora.services.mpesa.mpesa_notices import treasurers
from chamabora.services.notices.money import language_of
from chamabora.services.payouts.closing import disburse_payout
from chamabora.services.records import chamas, members, memberships
from chamabora.services.notices.notify import notify


def _find(conn: Connection, result: B2CResult):  # type: ignore[no-untyped-def]
    ids = [i for i in (result.originator_conversation_id, result.conversation_id) if i]
    return conn.execute(select(disbursements).where(or_(
        disbursements.c.originator_conversation_id.in_(ids), disbursements.c.conversation_id.in_(ids),
        disbursements.c.status_query_id.in_(ids))).with_for_update(key_share=True)).first()


def already_final(conn: Connection, result: B2CResult) -> bool:
    ids = [i for i in (result.originator_conversation_id, result.conversation_id) if i]
    return conn.execute(select(disbursements.c.id).where(
        disbursements.c.status.in_(FINAL), or_(disbursements.c.originator_conversation_id.in_(ids),
                                                disbursements.c.conversation_id.in_(ids)))).first() is not None


def apply_b2c_result(conn: Connection, result: B2CResult) -> str:
    row = _find(conn, result)
    if row is None:
        return "orphan"
    if row.status in FINAL:
        return "duplicate"
    succeeded, receipt = _outcome(row, result)
    if succeeded and receipt:
        _paid(conn, row, receipt, result)
    else:
        fail(conn, row.id, result.result_code, result.result_desc or "M-Pesa refused the payment")
    return "applied"


def _outcome(row, result: B2CResult) -> tuple[bool, str | None]:  # type: ignore[no-untyped-def]
    if row.status_query_id and row.status_query_id in (result.originator_conversation_id, result.conversation_id):
        # a transaction-status answer: "Completed" means the payout did leave
        completed = str(result.parameters.get("TransactionStatus", "")).lower() == "completed"
        return result.succeeded and completed, result.transaction_id
    return result.succeeded, result.transaction_id


def _paid(conn: Connection, row, receipt: str, result: B2CResult) -> None:  # type: ignore[no-untyped-def]
    if row.withdrawal_id is not None:
        _settle(conn, row, receipt, withdrawal_payouts.book(conn, row, receipt, now()), result)
        return
    if row.loan_id is not None:
        entry_id, approvers = loan_payouts.book(conn, row, receipt, now())
        _settle(conn, row, receipt, entry_id, result)
        announce(conn, row, receipt, approvers, tell_recipient=False)  # book() sent the borrower LOAN_SENT
        return
    signers = conn.execute(select(approvals.c.member_id, approvals.c.role, members.c.name)
                           .join(members, members.c.id == approvals.c.member_id)
                           .where(approvals.c.disbursement_id == row.id).order_by(approvals.c.id)).all()
    entry_id = disburse_payout(conn, row.payout_id, signers[0].member_id, receipt)
    _settle(conn, row, receipt, entry_id, result)
    announce(conn, row, receipt, [(s.name, s.role) for s in signers], personal=texts.POT_SENT)


def _settle(conn: Connection, row, receipt: str, entry_id: int | None,  # type: ignore[no-untyped-def]
            result: B2CResult) -> None:
    conn.execute(update(disbursements).where(disbursements.c.id == row.id).values(
        status="paid", receipt=receipt, entry_id=entry_id, result_code=result.result_code,
        result_desc=result.result_desc, updated_at=now()))


def announce(conn: Connection, row, receipt: str, approvers: list[tuple[str, str]],  # type: ignore[no-untyped-def]
             personal: str | None = None, tell_recipient: bool = True) -> None:
    """Every outflow is told to every member: transparency is the product. With `personal`, the
    one who received it is told in those words instead (their pot is in their M-Pesa); without
    `tell_recipient`, not at all (a message of their own has told them)."""
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one()
    recipient = conn.execute(select(members.c.name).where(members.c.id == row.member_id)).scalar_one()
    everyone = conn.execute(select(members.c.id, members.c.phone)
                            .join(memberships, memberships.c.member_id == members.c.id)
                            .where(memberships.c.chama_id == row.chama_id, memberships.c.status == "active")
                            .order_by(memberships.c.join_seq)).all()
    for member in everyone:
        if not tell_recipient and member.id == row.member_id:
            continue
        if personal is not None and member.id == row.member_id:
            body = mpesa_notices.for_member(conn, member.id, personal, chama=label(chama),
                                            amount=Money(row.amount_cents), receipt=receipt)
        else:
            language = language_of(conn, member.id)
            body = translate(language, texts.PAYOUT_SENT, chama=chama, amount=Money(row.amount_cents),
                             receipt=receipt, approvers=mpesa_notices.approvers_text(language, approvers),
                             recipient=f"{label(recipient)} ({mask_phone(row.phone)})")
        notify(conn, member.id, body, row.chama_id,
               dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:told:{member.id}")


def fail(conn: Connection, disbursement_id: int, code: str, reason: str) -> None:
    """The money did not leave: nothing is posted, the payout stays payable (the loan approved), and the
    treasurer is told."""
    row = conn.execute(select(disbursements).where(disbursements.c.id == disbursement_id)).one()
    if row.status in FINAL:
        return
    conn.execute(update(disbursements).where(disbursements.c.id == row.id).values(
        status="failed", result_code=code[:16], result_desc=reason[:200], updated_at=now()))
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == row.chama_id)).scalar_one()
    recipient = conn.execute(select(members.c.name).where(members.c.id == row.member_id)).scalar_one()
    if row.withdrawal_id is not None:
        withdrawal_payouts.failed(conn, row, f"{reason[:18]}, {code[:10]}")  # one SMS
        return
    # a loan cannot be approved again, so its treasurer is not told to retry that way
    msgid = texts.PAYOUT_FAILED if row.loan_id is None else texts.LOAN_SEND_FAILED
    for member_id, _phone in treasurers(conn, row.chama_id):
        body = mpesa_notices.for_member(conn, member_id, msgid, chama=chama, recipient=recipient,
                                        amount=Money(row.amount_cents), reason=f"{reason[:80]}, {code}")
        notify(conn, member_id, body, row.chama_id,
               dedupe_key=f"mpesa:b2c:{row.originator_conversation_id}:failed:{member_id}")


def mark_timed_out(conn: Connection, result: B2CResult) -> str:
    """Daraja's queue timed the request out: its fate is unknown until a status query says."""
    row = _find(conn, result)
    if row is None:
        return "orphan"
    if row.status not in ("queued", "sent"):
        return "duplicate"
    conn.execute(update(disbursements).where(disbursements.c.id == row.id).values(
        status="unknown", updated_at=now()))
    return "applied"

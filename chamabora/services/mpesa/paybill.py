"""C2B payments straight to the paybill: matched to a member by the account
number they typed (BillRefNumber), or held for the treasurer to assign.

Safaricom hashes or masks the payer's MSISDN, so the account number is the
only reliable link. Accepted forms: `<CHAMA CODE><sep><member number>` (the
member's join number in that chama, e.g. `UMOJA-3`, `UMOJA 3`, `UMOJA3`), or
`<CHAMA CODE><sep><phone>`. Anything else is held as unmatched; when the
chama code alone is recognised, its treasurers are told at once, and one of
them credits it by SMS: CREDIT <receipt> <phone> (conversation/handlers/paybill.py,
through `payee` and `assign_unmatched`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.errors import ChamaError, InvalidInput, NotAMember, NotFound, PayoutState, UnknownRecipient
from chamabora.core.money import Money
from chamabora.core.phone import mask_phone, normalize_phone
from chamabora.core.schedule import today_in_nairobi
from chamabora.db.changes import mark_changed
from chamabora.db.ignoring import insert_ignoring
from chamabora.db.mpesa_tables import C2BPayment
from chamabora.i18n import mpesa as texts
from chamabora.i18n.catalogs import translate
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.parser.daraja import C2BPaymentNotice
from chamabora.services.mpesa import mpesa_notices
from chamabora.services.mpesa.mpesa_notices import treasurers
from chamabora.services.contributions.payments import PaymentResult, record_payment
from chamabora.services.records import chamas, members, membership_of, memberships, record_audit, require_role
from chamabora.services.notices.notify import notify

payments = C2BPayment.__table__
_SEPARATORS = " -#/.:_"
_TAIL = re.compile(r"^\+?\d{1,12}$")
ACCEPT = {"ResultCode": "0", "ResultDesc": "Accepted"}
REJECT_ACCOUNT = {"ResultCode": "C2B00012", "ResultDesc": "Rejected"}


class UnknownReceipt(NotFound):
    code = "unknown_receipt"


class AlreadyCredited(PayoutState):
    code = "already_credited"


class PayeeNotMember(NotAMember):
    """The member a treasurer names for a held payment is not in its chama; plain `NotAMember`
    would read as if the treasurer were the outsider."""

    code = "payee_not_member"


@dataclass(frozen=True, slots=True)
class Recipient:
    phone: str
    language: str | None
    chama: str


@dataclass(frozen=True, slots=True)
class Match:
    chama_id: int | None
    member_id: int | None
    # who gets the receipt, read with the match so that posting it needs no query of its own
    recipient: Recipient | None = field(default=None, compare=False)


_MEMBER = (select(memberships.c.member_id, members.c.phone, members.c.language)
           .join(members, members.c.id == memberships.c.member_id)
           .where(memberships.c.chama_id == bindparam("chama_id"), memberships.c.status == "active"))
_BY_SEQ = _MEMBER.where(memberships.c.join_seq == bindparam("seq"))
_BY_PHONE = _MEMBER.where(members.c.phone == bindparam("phone"))
_CODES = select(chamas.c.join_code, chamas.c.id, chamas.c.name).where(
    chamas.c.join_code.in_(bindparam("codes", expanding=True)))


def match_account(conn: Connection, bill_ref: str) -> Match:
    ref = bill_ref.strip().upper()
    if not ref:
        return Match(None, None)
    splits = {ref[:i]: ref[i:].lstrip(_SEPARATORS) for i in range(3, min(len(ref), 12) + 1)}
    codes = {row.join_code: row for row in conn.execute(_CODES, {"codes": list(splits)})}
    if ref in codes:
        return Match(codes[ref].id, None)
    for code in sorted(codes, key=len, reverse=True):  # the longest code is the most specific reading
        if _TAIL.match(splits[code]):
            member = _member_in(conn, codes[code].id, splits[code])
            if member is None:
                return Match(codes[code].id, None)
            return Match(codes[code].id, member.member_id, Recipient(member.phone, member.language, codes[code].name))
    # a recognised code with an unreadable member part still tells us whose treasurer to ask
    return Match(next(iter(codes.values())).id if len(codes) == 1 else None, None)


def _member_in(conn: Connection, chama_id: int, tail: str) -> Any:
    if len(tail.lstrip("+")) >= 9:
        try:
            phone = normalize_phone(tail)
        except ChamaError:
            return None
        return conn.execute(_BY_PHONE, {"chama_id": chama_id, "phone": phone}).first()
    return conn.execute(_BY_SEQ, {"chama_id": chama_id, "seq": int(tail)}).first()


def validate(conn: Connection, notice: C2BPaymentNotice, strict: bool) -> dict[str, str]:
    """Daraja's validation reply: accept by default and reconcile; refuse unknown accounts only if `strict`."""
    if not strict or match_account(conn, notice.bill_ref).member_id is not None:
        return ACCEPT
    return REJECT_ACCOUNT


def apply_confirmation(conn: Connection, notice: C2BPaymentNotice) -> str:
    """Record a paybill payment once (a repeat is told by its first statement) and credit or hold it."""
    # the TransID is claimed first, in one statement: a concurrent delivery waits on the row, then finds it
    # taken and inserts nothing (no exception, no retry); the row is completed once the payment is matched
    payment_id = conn.execute(insert_ignoring(conn, payments, ("trans_id",), returning_id=True), {
        "trans_id": notice.trans_id, "trans_time": notice.trans_time, "amount_cents": notice.amount.cents,
        "bill_ref": notice.bill_ref, "msisdn": notice.msisdn, "payer_name": notice.payer_name,
        "status": "unmatched"}).scalar()
    if payment_id is None:
        return "duplicate"
    # a member who has left matches no one (only active memberships match): the money waits for the treasurer
    match = match_account(conn, notice.bill_ref)
    if match.member_id is None:
        if match.chama_id is not None:
            conn.execute(update(payments).where(payments.c.id == payment_id).values(chama_id=match.chama_id))
            mark_changed(conn, match.chama_id)  # money held for its treasurer: their board shows it
        _tell_treasurers(conn, match.chama_id, notice)
        return "held"
    _credit(conn, payment_id, match.chama_id, match.member_id, notice, match.recipient,  # type: ignore[arg-type]
            {"chama_id": match.chama_id, "member_id": match.member_id, "status": "matched"})
    return "applied"


def _credit(conn: Connection, payment_id: int, chama_id: int, member_id: int, notice: C2BPaymentNotice,
            recipient: Recipient | None = None, row: dict[str, object] | None = None) -> PaymentResult:
    """Post the payment; `row` holds more of the payment row's values, written in the same update."""
    # fines honour the M-Pesa transaction time, not the time we heard of it
    result = record_payment(conn, chama_id, member_id, notice.amount, f"mpesa:{notice.trans_id}",
                            today_in_nairobi(notice.trans_time), memo=f"M-Pesa {notice.trans_id}")
    conn.execute(update(payments).where(payments.c.id == payment_id).values(
        entry_id=result.entry_id, resolved_at=datetime.now(timezone.utc), **(row or {})))
    if not result.duplicate:
        to = recipient or conn.execute(
            select(members.c.phone, members.c.language, chamas.c.name.label("chama"))
            .join(memberships, memberships.c.member_id == members.c.id)
            .join(chamas, chamas.c.id == memberships.c.chama_id)
            .where(members.c.id == member_id, chamas.c.id == chama_id)).one()
        body = translate(to.language or "en", texts.RECEIPT, amount=notice.amount, chama=to.chama,
                         receipt=notice.trans_id, dues=result.to_contributions, fines=result.to_fines,
                         credit=result.credit)
        enqueue(conn, Channel.SMS, to.phone, body, purpose=Purpose.RECEIPT, member_id=member_id,
                chama_id=chama_id, dedupe_key=f"mpesa:c2b:{notice.trans_id}")
    return result


def _tell_treasurers(conn: Connection, chama_id: int | None, notice: C2BPaymentNotice) -> None:
    if chama_id is None:
        return  # no chama named: it waits in the operator's unmatched list
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == chama_id)).scalar_one()
    payer = notice.payer_name or (mask_phone(notice.msisdn) if notice.msisdn.startswith("+") else notice.msisdn)
    for member_id, phone in treasurers(conn, chama_id):
        body = mpesa_notices.for_member(conn, member_id, texts.C2B_UNMATCHED, chama=chama, amount=notice.amount,
                                        payer=payer or "?", receipt=notice.trans_id, account=notice.bill_ref)
        notify(conn, member_id, body, chama_id, dedupe_key=f"mpesa:c2b:{notice.trans_id}:held:{member_id}")



def assign_unmatched(conn: Connection, ref: str, member_id: int, actor_id: int,
                     chama_id: int | None = None) -> PaymentResult:
    """The treasurer credits a held C2B payment (by its M-Pesa receipt) to a member of their chama."""
    held = conn.execute(select(payments).where(payments.c.trans_id == ref.strip().upper())
                        .with_for_update(key_share=True)).first()
    if held is None:
        raise UnknownReceipt("no M-Pesa payment with that receipt", ref=ref)
    if held.status != "unmatched":
        raise AlreadyCredited("that payment is already credited", ref=ref)
    target_chama = held.chama_id or chama_id
    if target_chama is None:
        raise InvalidInput("say which chama this payment belongs to", ref=ref)
    require_role(conn, target_chama, actor_id, MONEY_ROLES)
    try:
        membership_of(conn, target_chama, member_id)
    except NotAMember as exc:
        raise PayeeNotMember("the payee is not an active member of this chama", ref=ref) from exc
    notice = C2BPaymentNotice(held.trans_id, _aware(held.trans_time), Money(held.amount_cents), held.bill_ref,
                              held.msisdn, held.payer_name, "")
    conn.execute(update(payments).where(payments.c.id == held.id).values(
        status="assigned", chama_id=target_chama, member_id=member_id, assigned_by=actor_id))
    result = _credit(conn, held.id, target_chama, member_id, notice)
    record_audit(conn, "mpesa.c2b.assigned", target_chama, actor_id, trans_id=held.trans_id,
                 member_id=member_id, amount=held.amount_cents, entry_id=result.entry_id)
    return result


def payee(conn: Connection, phone: str) -> tuple[int, str]:
    """(id, name) of the member a treasurer names by phone for a held payment."""
    row = conn.execute(select(members.c.id, members.c.name).where(members.c.phone == phone)).first()
    if row is None:
        raise UnknownRecipient("nobody registered with that phone", phone=phone)
    return row.id, row.name


def named_chama(conn: Connection, ref: str) -> int | None:
    """The chama a paybill payment belongs to, as its account number named it or its crediting set it;
    None when neither did, or for a receipt we never received."""
    return conn.execute(select(payments.c.chama_id).where(payments.c.trans_id == ref.strip().upper())).scalar()


def unmatched(conn: Connection, chama_id: int | None) -> list[tuple[str, Money, str, datetime]]:
    """Held payments of a chama (or, with None, those naming no chama): (receipt, amount, account, time)."""
    rows = conn.execute(select(payments).where(payments.c.status == "unmatched", payments.c.chama_id.is_(None)
                                               if chama_id is None else payments.c.chama_id == chama_id)
                        .order_by(payments.c.id)).all()
    return [(r.trans_id, Money(r.amount_cents), r.bill_ref, r.trans_time) for r in rows]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

"""Recording payment claims. The row keeps everything the parser read plus
the raw text and any receipt images, so the fraud checks can judge it later;
until then every claim is pending."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from chamabora.core.mpesa_message import MpesaMessage
from chamabora.core.money import Money
from chamabora.db.changes import mark_changed
from chamabora.db.claim_tables import PaymentClaim

payment_claims = PaymentClaim.__table__


class AlreadyClaimed(Exception):
    """The receipt code is on an earlier claim."""


@dataclass(frozen=True, slots=True)
class ClaimSource:
    member_id: int
    chama_id: int | None
    raw_text: str
    media: tuple[str, ...]
    channel: str
    provider: str | None
    provider_message_id: str | None


def _cents(money: Money | None) -> int | None:
    return money.cents if money is not None else None


def message_fields(message: MpesaMessage) -> dict[str, object]:
    return {"kind": message.kind.value, "code": message.code, "amount_cents": _cents(message.amount),
            "counterparty_name": message.counterparty_name, "counterparty_phone": message.counterparty_phone,
            "account": message.account, "balance_cents": _cents(message.balance), "cost_cents": _cents(message.cost),
            "occurred_at": message.occurred_at.isoformat() if message.occurred_at else None,
            "language": message.language, "related_code": message.related_code}


def is_claimed(conn: Connection, code: str) -> bool:
    return conn.execute(select(payment_claims.c.id).where(payment_claims.c.receipt_code == code)).first() is not None


def first_claim(conn: Connection, code: str):  # type: ignore[no-untyped-def]
    """The claim (member, chama) that holds this receipt code, if any."""
    return conn.execute(select(payment_claims.c.member_id, payment_claims.c.chama_id)
                        .where(payment_claims.c.receipt_code == code)).first()


def rejected_claim(conn: Connection, code: str):  # type: ignore[no-untyped-def]
    """The claim (member, chama) that had this receipt code rejected as not paid, if any: such a code is
    dead everywhere, in every chama and on every channel, the operator's command line included."""
    return conn.execute(select(payment_claims.c.member_id, payment_claims.c.chama_id).where(
        payment_claims.c.receipt_code == code.strip().upper(), payment_claims.c.status == "rejected")).first()


def record_claim(conn: Connection, source: ClaimSource, outcome: str, *, code: str | None = None,
                 message: MpesaMessage | None = None, problem: str | None = None) -> int:
    """Insert a pending claim; AlreadyClaimed when another claim holds the code (also under a race)."""
    if code is not None and is_claimed(conn, code):
        raise AlreadyClaimed(code)
    row = {"member_id": source.member_id, "chama_id": source.chama_id, "receipt_code": code, "outcome": outcome,
           "kind": message.kind.value if message else None,
           "amount_cents": _cents(message.amount) if message else None,
           "fields": json.dumps(message_fields(message) if message else {}, sort_keys=True),
           "problem": (problem or None) and problem[:200], "raw_text": source.raw_text[:2000],
           "media": json.dumps(list(source.media)), "channel": source.channel, "provider": source.provider,
           "provider_message_id": source.provider_message_id, "status": "pending"}
    try:
        with conn.begin_nested():  # a parallel claim of the same code must not abort the whole turn
            claim_id = conn.execute(insert(payment_claims).returning(payment_claims.c.id), row).scalar_one()
        mark_changed(conn, source.chama_id)
        return claim_id
    except IntegrityError as exc:
        if code is None:
            raise
        raise AlreadyClaimed(code) from exc


def _of_message(provider: str, message_id: str):  # type: ignore[no-untyped-def]
    return (payment_claims.c.provider == provider) & (payment_claims.c.provider_message_id == message_id)


def claims_message(conn: Connection, provider: str, message_id: str) -> bool:
    """Whether a claim was recorded from this provider's message."""
    return conn.execute(select(payment_claims.c.id).where(_of_message(provider, message_id))).first() is not None


def keep_media(conn: Connection, provider: str, message_id: str, media: list[str]) -> int:
    """The message's claim now points at these kept copies of its images; how many claims changed."""
    return conn.execute(update(payment_claims).where(_of_message(provider, message_id))  # type: ignore[no-any-return]
                        .values(media=json.dumps(list(media)))).rowcount

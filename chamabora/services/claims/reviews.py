"""The fraud reviews as people read them: for an operator, each claim the
checks looked at, newest first, with its verdict (held, approved, rejected,
expired, ...) and the reasons in plain words, searched by receipt code,
member, chama or verdict; for the officers' decision queue, a chama's held
claims with their evidence (the reasons kept as signal names for the page to
word). Reading changes nothing."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.db.paging import Page, matching, page_of, window
from chamabora.services.records import chamas, members
from chamabora.fraud.explain import phrases
from chamabora.db.fraud_tables import FraudReview

reviews = FraudReview.__table__


@dataclass(frozen=True, slots=True)
class ReviewLine:
    code: str
    chama_code: str
    member: str
    amount: Money | None
    score_bp: int | None
    reasons: list[str]
    decision: str
    expires_at: datetime | None
    created_at: datetime


def review_page(conn: Connection, query: str, number: int, language: str) -> Page[ReviewLine]:
    limit, offset = window(number)
    statement = (select(reviews.c.code, chamas.c.join_code, members.c.name, reviews.c.amount_cents,
                        reviews.c.score_bp, reviews.c.reasons, reviews.c.decision, reviews.c.expires_at,
                        reviews.c.created_at)
                 .join(chamas, chamas.c.id == reviews.c.chama_id).join(members, members.c.id == reviews.c.member_id)
                 .order_by(reviews.c.created_at.desc(), reviews.c.claim_id.desc()))
    if query:
        statement = statement.where(matching(query, reviews.c.code, members.c.name, chamas.c.join_code,
                                             reviews.c.decision))
    rows = conn.execute(statement.limit(limit).offset(offset)).all()
    return page_of([ReviewLine(r.code, r.join_code, r.name, Money(r.amount_cents) if r.amount_cents is not None
                               else None, r.score_bp, phrases(json.loads(r.reasons or "[]"), language), r.decision,
                               r.expires_at, r.created_at) for r in rows], number)


@dataclass(frozen=True, slots=True)
class HeldClaim:
    code: str
    member: str
    amount: Money | None
    reasons: tuple[str, ...]   # signal names, strongest first (fraud/explain.py words them)
    expires_at: datetime | None


def held_claims(conn: Connection, chama_id: int) -> dict[str, HeldClaim]:
    """The chama's held claims by M-Pesa code."""
    rows = conn.execute(select(reviews.c.code, reviews.c.amount_cents, reviews.c.reasons, reviews.c.expires_at,
                               members.c.name)
                        .join(members, members.c.id == reviews.c.member_id)
                        .where(reviews.c.chama_id == chama_id, reviews.c.decision == "held"))
    return {r.code: HeldClaim(r.code, r.name, Money(r.amount_cents) if r.amount_cents else None,
                              tuple(_names(r.reasons)), r.expires_at) for r in rows}


def _names(stored: str | None) -> list[str]:
    try:
        found = json.loads(stored or "[]")
    except ValueError:
        return []
    return [str(name) for name in found] if isinstance(found, list) else []


def chama_of_claim(conn: Connection, code: str) -> int | None:
    """The chama whose review holds this receipt code; None when there is none."""
    return conn.execute(select(reviews.c.chama_id).where(reviews.c.code == code.upper())).scalar()

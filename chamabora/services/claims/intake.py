"""A forwarded confirmation's intake once it is recorded as a payment claim
(DESIGN.md section 6), and a receipt code sent again.

Judging it: a receipt that matches a Daraja record is applied at
once; otherwise the model scores it, and below the threshold it is applied as
an unverified claim: booked into claimed cash, where it counts toward the
member's dues but cannot be paid out (claims/claimed.py) until Daraja's
record or a treasurer confirms it (the daily digest, claims/digest.py, asks);
at or above it is held and every treasurer and the chair are asked.
A held claim keeps its `pending` status in payment_claims until someone
decides it; the verdicts and their trail live in fraud_reviews.

Every ledger posting uses the key `mpesa:<code>`, the key the STK and C2B
callbacks use, so a claim and its callback post once between them.
"""
from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, insert, select, update

from chamabora.db.claim_tables import PaymentClaim
from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaMessage
from chamabora.core.schedule import NAIROBI, today_in_nairobi
from chamabora.services.claims.receiptless import adopt_prompt
from chamabora.db.mpesa_tables import C2BPayment, StkRequest
from chamabora.services.contributions.payments import record_payment
from chamabora.services.records import chamas, members, record_audit
from chamabora.services.claims import notices
from chamabora.services.claims.notices import deciders
from chamabora.services.claims.store import ClaimSource, first_claim, rejected_claim
from chamabora.fraud.features import Context
from chamabora.fraud.policy import current_policy
from chamabora.fraud.scorer import default_scorer
from chamabora.fraud.surface import read_surface
from chamabora.db.fraud_tables import FraudReview

claims = PaymentClaim.__table__
reviews = FraudReview.__table__
stk = StkRequest.__table__
c2b = C2BPayment.__table__
_FIRST_AMOUNT = re.compile(r"K(?:sh|ES)\.?\s?(\d[\d,]*(?:\.\d{1,2})?)", re.I)


class Outcome(enum.Enum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    HELD = "held"


@dataclass(frozen=True, slots=True)
class Claim:
    """A recorded claim as the flow needs it."""

    id: int
    chama_id: int
    member_id: int
    code: str
    text: str
    message: MpesaMessage | None      # None when the text broke the grammar


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    amount: Money | None
    score: float | None = None


class Repeat(enum.Enum):
    """Whose claim a receipt code sent again is on."""

    OWN = "own"        # the member's own: acknowledged
    DEAD = "dead"      # rejected as not paid: dead everywhere, in every chama and on every channel
    TAKEN = "taken"    # someone else's: refused as a duplicate


def judge(conn: Connection, source: ClaimSource, claim_id: int, code: str, text: str,
          message: MpesaMessage | None, now: datetime | None = None) -> Outcome:
    """The verdict on a claim just recorded; a claim whose chama is unclear stays pending, as HELD."""
    if source.chama_id is None:
        return Outcome.HELD
    return review_claim(conn, Claim(claim_id, source.chama_id, source.member_id, code, text, message), now).outcome


def repeat_of(conn: Connection, code: str, member_id: int, channel: str) -> Repeat:
    """Whose claim already holds `code`, audited when it is not the member's own."""
    dead = rejected_claim(conn, code)
    if dead is not None:
        record_audit(conn, "receipt.dead_refused", dead.chama_id, member_id, code=code, channel=channel,
                     first_member=dead.member_id)
        return Repeat.DEAD
    first = first_claim(conn, code)
    if first is None or first.member_id == member_id:
        return Repeat.OWN
    record_audit(conn, "claim.duplicate", first.chama_id, member_id, code=code, first_member=first.member_id)
    return Repeat.TAKEN


def review_claim(conn: Connection, claim: Claim, now: datetime | None = None) -> Judgement:
    now = now or datetime.now(timezone.utc)
    if claim.message is not None and claim.message.amount is not None:
        prompt = adopt_prompt(conn, claim.chama_id, claim.member_id, claim.message.amount.cents, claim.code,
                              claim.message.occurred_at)
        if prompt is not None and (prompt.purpose or "contribution") == "contribution":
            return _matched_prompt(conn, claim, prompt)
    booked = booked_elsewhere(conn, claim.code)
    if booked is not None:
        # the prompt's own callback already booked it (a loan repayment, a saving, a plan):
        # counting the forwarded copy as a contribution would count the money twice
        _record(conn, claim, booked, Outcome.VERIFIED.value, None, [])
        conn.execute(update(claims).where(claims.c.id == claim.id).values(status=Outcome.VERIFIED.value))
        record_audit(conn, "claim.booked_elsewhere", claim.chama_id, claim.member_id, code=claim.code)
        return Judgement(Outcome.VERIFIED, booked)
    daraja = daraja_amount(conn, claim.code)
    if daraja is not None:
        return _apply(conn, claim, daraja, Outcome.VERIFIED, None, [], now, f"M-Pesa {claim.code}")
    verdict = default_scorer(threshold=current_policy().threshold).score(claim.text, context_for(conn, claim, now))
    amount = claim.message.amount if claim.message else first_amount(claim.text)
    if not verdict.flagged and amount is not None and amount.is_positive():
        return _apply(conn, claim, amount, Outcome.UNVERIFIED, verdict.score, list(verdict.reasons), now,
                      f"M-Pesa {claim.code} (unverified claim)")
    _record(conn, claim, amount, Outcome.HELD.value, verdict.score, list(verdict.reasons),
            expires_at=now + timedelta(days=current_policy().hold_days))
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == claim.chama_id)).scalar_one()
    member = conn.execute(select(members.c.name).where(members.c.id == claim.member_id)).scalar_one()
    asked = notices.ask_deciders(conn, claim.chama_id, chama, claim.code, member, amount, verdict.score,
                                 list(verdict.reasons))
    record_audit(conn, "claim.held", claim.chama_id, claim.member_id, code=claim.code, score=round(verdict.score, 4),
                 reasons=list(verdict.reasons), asked=asked)
    return Judgement(Outcome.HELD, amount, verdict.score)


def _matched_prompt(conn: Connection, claim: Claim, prompt) -> Judgement:  # type: ignore[no-untyped-def]
    """The receipt of an STK payment reconciliation booked without one: confirmed, not booked again."""
    amount = Money(prompt.amount_cents)
    _record(conn, claim, amount, Outcome.VERIFIED.value, None, [], entry_id=prompt.entry_id)
    conn.execute(update(claims).where(claims.c.id == claim.id).values(status=Outcome.VERIFIED.value))
    record_audit(conn, "claim.matched_prompt", claim.chama_id, claim.member_id, code=claim.code,
                 checkout_request_id=prompt.checkout_request_id)
    return Judgement(Outcome.VERIFIED, amount)


def _apply(conn: Connection, claim: Claim, amount: Money, outcome: Outcome, score: float | None,
           reasons: list[str], now: datetime, memo: str) -> Judgement:
    result = record_payment(conn, claim.chama_id, claim.member_id, amount, f"mpesa:{claim.code}",
                            today_in_nairobi(now), now=now, memo=memo, confirmed=outcome is Outcome.VERIFIED)
    _record(conn, claim, amount, outcome.value, score, reasons, entry_id=result.entry_id)
    conn.execute(update(claims).where(claims.c.id == claim.id).values(status=outcome.value))
    conn.execute(update(c2b).where(c2b.c.trans_id == claim.code, c2b.c.status == "unmatched").values(
        status="assigned", chama_id=claim.chama_id, member_id=claim.member_id, entry_id=result.entry_id,
        resolved_at=now))
    record_audit(conn, f"claim.{outcome.value}", claim.chama_id, claim.member_id, code=claim.code,
                 amount=str(amount), score=None if score is None else round(score, 4), reasons=reasons,
                 duplicate_of_callback=result.duplicate)
    return Judgement(outcome, amount, score)


def _record(conn: Connection, claim: Claim, amount: Money | None, decision: str, score: float | None,
            reasons: list[str], expires_at: datetime | None = None, entry_id: int | None = None) -> None:
    conn.execute(insert(reviews), {
        "claim_id": claim.id, "chama_id": claim.chama_id, "member_id": claim.member_id, "code": claim.code,
        "amount_cents": amount.cents if amount is not None else None,
        "score_bp": None if score is None else round(score * 10_000), "reasons": json.dumps(reasons),
        "model": _model_name(), "decision": decision, "expires_at": expires_at, "entry_id": entry_id})


def _model_name() -> str:
    meta = default_scorer(threshold=current_policy().threshold).meta
    return f"{meta['name']}-v{meta['feature_version']}"[:40]


def booked_elsewhere(conn: Connection, code: str) -> Money | None:
    """The amount of a paid STK prompt with this receipt that was for something other than contributions."""
    paid = conn.execute(select(stk.c.amount_cents).where(
        stk.c.receipt == code, stk.c.status == "paid", stk.c.purpose != "contribution")).scalar()
    return None if paid is None else Money(paid)


def daraja_amount(conn: Connection, code: str) -> Money | None:
    """The amount Safaricom itself reported for this receipt (a paid STK prompt or a C2B notice), if any."""
    paid = conn.execute(select(stk.c.amount_cents).where(stk.c.receipt == code, stk.c.status == "paid")).scalar()
    if paid is None:
        paid = conn.execute(select(c2b.c.amount_cents).where(c2b.c.trans_id == code)).scalar()
    return None if paid is None else Money(paid)


def first_amount(text: str) -> Money | None:
    found = _FIRST_AMOUNT.search(text)
    try:
        return Money.parse(found.group(1)) if found else None
    except Exception:  # noqa: BLE001 - an unreadable figure is no amount
        return None


def context_for(conn: Connection, claim: Claim, now: datetime) -> Context:
    """What the scorer may know: the forward time, whom the chama pays, the member's last forwarded balance."""
    chama = conn.execute(select(chamas.c.name, chamas.c.join_code).where(chamas.c.id == claim.chama_id)).one()
    expected = [chama.name, chama.join_code]
    for member_id, phone, _language in deciders(conn, claim.chama_id):
        name = conn.execute(select(members.c.name).where(members.c.id == member_id)).scalar_one()
        expected += [name, "0" + phone[-9:]]
    earlier = conn.execute(select(claims.c.fields, claims.c.raw_text).where(
        claims.c.member_id == claim.member_id, claims.c.id < claim.id, claims.c.outcome == "parsed")
        .order_by(claims.c.id.desc()).limit(1)).first()
    previous = json.loads(earlier.fields) if earlier is not None and earlier.fields else {}
    balance, at = previous.get("balance_cents"), previous.get("occurred_at")
    # the member's earlier SMS's daily-limit line: the day's spending only grows (features._chain_signals)
    remaining = read_surface(earlier.raw_text or "").daily_remaining if earlier is not None else None
    return Context(forwarded_at=now.astimezone(NAIROBI).replace(tzinfo=None), expected_recipients=tuple(expected),
                   previous_balance=Money(balance) if balance is not None else None,
                   previous_at=datetime.fromisoformat(at) if at else None, previous_remaining=remaining)

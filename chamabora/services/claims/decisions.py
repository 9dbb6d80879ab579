"""Treasurers and chairs deciding held claims, by SMS or WhatsApp (`APPROVE
<code>` / `KUBALI`, `REJECT <code>` / `KATAA`) or from the USSD pending
menu, and held claims expiring.

Only a treasurer or the chair of the claim's chama may decide. The first
decision wins: the row moves out of `held` in one conditional UPDATE, so of
two simultaneous replies exactly one changes it and the other is told it
was already decided. Approval posts the claim with the key `mpesa:<code>`;
rejection and expiry leave the ledger alone. The member is told either way
and every step is audited.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, select, update

from chamabora.i18n import members as for_members, officers as for_officers
from chamabora.i18n.catalogs import translate
from chamabora.services.chama.pending import PendingItem, PendingSource, register_source
from chamabora.core.chama import MONEY_ROLES
from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.services.claims import claimed, digest, notices
from chamabora.services.contributions.payments import record_payment
from chamabora.services.records import members, record_audit, require_role
from chamabora.services.claims.intake import claims, reviews
from chamabora.fraud.policy import current_policy


def _held(conn: Connection, code: str):  # type: ignore[no-untyped-def]
    return conn.execute(select(reviews, members.c.name.label("member_name"))
                        .join(members, members.c.id == reviews.c.member_id)
                        .where(reviews.c.code == code.strip().upper())).first()


def decide_claim(conn: Connection, code: str, actor_id: int, approve: bool, language: str,
                 reason: str | None = None, now: datetime | None = None, chama_id: int | None = None) -> str:
    """The decider's reply. Raises Forbidden (via require_role) for anyone but a treasurer or chair."""
    now = now or datetime.now(timezone.utc)
    review = _held(conn, code)
    if review is None or (chama_id is not None and review.chama_id != chama_id):
        return translate(language, for_officers.CLAIM_NONE, code=code.upper())
    require_role(conn, review.chama_id, actor_id, MONEY_ROLES)
    if review.decision == "unverified":
        return _decide_unverified(conn, review, actor_id, approve, language, reason, now)
    if review.decision != "held":
        return translate(language, for_officers.CLAIM_ALREADY_DECIDED, code=review.code,
                         outcome=translate(language, for_officers.CLAIM_OUTCOMES.get(review.decision, review.decision)))
    amount = Money(review.amount_cents) if review.amount_cents else None
    if approve and amount is None:
        return translate(language, for_officers.CLAIM_NO_AMOUNT, code=review.code)
    won = conn.execute(update(reviews).where(reviews.c.claim_id == review.claim_id, reviews.c.decision == "held")
                       .values(decision="approved" if approve else "rejected", decided_by=actor_id,
                               decided_at=now)).rowcount
    if won != 1:  # another treasurer's reply got there first
        return translate(language, for_officers.CLAIM_ALREADY_DECIDED, code=review.code, outcome=translate(
            language, for_officers.CLAIM_OUTCOMES.get(_held(conn, code).decision, "approved")))
    if approve:
        return _approve(conn, review, amount, actor_id, language, now)  # type: ignore[arg-type]
    return _reject(conn, review, actor_id, language, reason)


def _approve(conn: Connection, review, amount: Money, actor_id: int, language: str,  # type: ignore[no-untyped-def]
             now: datetime) -> str:
    result = record_payment(conn, review.chama_id, review.member_id, amount, f"mpesa:{review.code}",
                            today_in_nairobi(now), now=now, memo=f"M-Pesa {review.code} (approved by treasurer)")
    conn.execute(update(reviews).where(reviews.c.claim_id == review.claim_id).values(entry_id=result.entry_id))
    conn.execute(update(claims).where(claims.c.id == review.claim_id).values(status="approved"))
    record_audit(conn, "claim.approved", review.chama_id, actor_id, code=review.code, amount=str(amount),
                 member_id=review.member_id, entry_id=result.entry_id)
    notices.tell_member(conn, review.chama_id, review.member_id, for_members.CLAIM_APPROVED,
                        f"fraud:{review.code}:decided", code=review.code, amount=amount)
    return translate(language, for_officers.CLAIM_APPROVED, code=review.code, amount=amount,
                     member=review.member_name)


def _reject(conn: Connection, review, actor_id: int, language: str, reason: str | None) -> str:  # type: ignore[no-untyped-def]
    conn.execute(update(claims).where(claims.c.id == review.claim_id).values(status="rejected"))
    record_audit(conn, "claim.rejected", review.chama_id, actor_id, code=review.code, reason=reason,
                 member_id=review.member_id)
    if reason:
        notices.tell_member(conn, review.chama_id, review.member_id, for_members.CLAIM_REJECTED_WHY,
                            f"fraud:{review.code}:decided", code=review.code, reason=reason)
    else:
        notices.tell_member(conn, review.chama_id, review.member_id, for_members.CLAIM_REJECTED,
                            f"fraud:{review.code}:decided", code=review.code)
    return translate(language, for_officers.CLAIM_REJECTED, code=review.code, member=review.member_name)


def _decide_unverified(conn: Connection, review, actor_id: int, approve: bool,  # type: ignore[no-untyped-def]
                       language: str, reason: str | None, now: datetime) -> str:
    """A claim already counted but not confirmed: approving confirms its money (it may now be paid out),
    rejecting takes it back (the member owes again what it settled)."""
    waiting = review.entry_id is not None and claimed.state(conn, review.entry_id) == claimed.CLAIMED
    won = waiting and conn.execute(update(reviews).where(
        reviews.c.claim_id == review.claim_id, reviews.c.decision == "unverified").values(
        decision="approved" if approve else "rejected", decided_by=actor_id, decided_at=now)).rowcount == 1
    if not won:  # confirmed by M-Pesa meanwhile, or another treasurer's reply got there first
        latest = _held(conn, review.code).decision
        return translate(language, for_officers.CLAIM_ALREADY_DECIDED, code=review.code, outcome=translate(
            language, for_officers.CLAIM_OUTCOMES.get(latest if latest != "unverified" else "verified", latest)))
    amount = Money(review.amount_cents)
    if approve:
        claimed.confirm(conn, review.entry_id, f"M-Pesa {review.code} confirmed by treasurer")
        conn.execute(update(claims).where(claims.c.id == review.claim_id).values(status="approved"))
        record_audit(conn, "claim.confirmed", review.chama_id, actor_id, code=review.code, amount=str(amount),
                     member_id=review.member_id, entry_id=review.entry_id)
        notices.tell_member(conn, review.chama_id, review.member_id, for_members.CLAIM_CONFIRMED,
                            f"fraud:{review.code}:decided", code=review.code, amount=amount)
        return translate(language, for_officers.CLAIM_CONFIRMED, code=review.code, amount=amount,
                         member=digest.first_name(review.member_name))
    claimed.take_back(conn, review.chama_id, review.member_id, review.entry_id,
                      f"M-Pesa {review.code} rejected: not paid")
    _reject(conn, review, actor_id, language, reason)
    return translate(language, for_officers.CLAIM_TAKEN_BACK, code=review.code, amount=amount,
                     member=digest.first_name(review.member_name))


def expire_held_claims(conn: Connection, now: datetime | None = None) -> int:
    """Expire every held claim past its date (a scheduled job); returns how many expired."""
    now = now or datetime.now(timezone.utc)
    due = conn.execute(select(reviews.c.claim_id, reviews.c.chama_id, reviews.c.member_id, reviews.c.code)
                       .where(reviews.c.decision == "held", reviews.c.expires_at <= now)).all()
    expired = 0
    for row in due:
        if conn.execute(update(reviews).where(reviews.c.claim_id == row.claim_id, reviews.c.decision == "held")
                        .values(decision="expired", decided_at=now)).rowcount != 1:
            continue
        conn.execute(update(claims).where(claims.c.id == row.claim_id).values(status="expired"))
        record_audit(conn, "claim.expired", row.chama_id, None, code=row.code, member_id=row.member_id)
        notices.tell_member(conn, row.chama_id, row.member_id, for_members.CLAIM_EXPIRED, f"fraud:{row.code}:decided",
                            code=row.code, days=current_policy().hold_days)
        expired += 1
    return expired


def pending_claims(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    rows = conn.execute(select(reviews, members.c.name.label("member_name"))
                        .join(members, members.c.id == reviews.c.member_id)
                        .where(reviews.c.chama_id == chama_id, reviews.c.decision == "held")
                        .order_by(reviews.c.created_at, reviews.c.claim_id)).all()
    return [PendingItem("claims", r.code, translate(
        language, for_officers.CLAIM_PENDING_SUMMARY, code=r.code, member=r.member_name.split()[0],
        amount=Money(r.amount_cents) if r.amount_cents else "?", score=round((r.score_bp or 0) / 100)),
        r.created_at) for r in rows]


def decide_pending(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    return decide_claim(conn, ref, actor_id, approve, language, chama_id=chama_id)


register_source(PendingSource("claims", pending_claims, decide_pending))

"""Payouts waiting for a signature, as items in the treasurer's pending list
(USSD menu 8): approving one signs it through `approve_payout`; declining
records the decision and leaves the payout unpaid until someone approves.
A payout the members voted against is not listed: it is not theirs to send."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import _, translate
from chamabora.services.pending import PendingItem, PendingSource, register_source
from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.services.payout_votes import ratifications, ratify
from chamabora.services.payouts import payouts
from chamabora.services.records import members, memberships, record_audit
from chamabora.mpesa.approvals import DEFAULT_SECOND_SIGNATORY_ABOVE, SIGNED, approve_payout, disbursements

SUMMARY = _("Payout %(amount)s to %(name)s")
APPROVED = _("Approved. %(amount)s is on its way to %(name)s by M-Pesa.")
WAITING = _("Approved. The payout now waits for the chair's approval.")
WAITING_VOTE = _("Approved. The payout now waits for the members' vote on %(ref)s.")
NOT_RATIFIED = _("The members voted against this payout, so it is not sent by M-Pesa.")
DECLINED = _("Not approved. The payout stays unpaid until a treasurer approves it.")


def _waiting(conn: Connection, chama_id: int):  # type: ignore[no-untyped-def]
    # loan disbursements have no payout_id, and one NULL would make NOT IN match nothing
    in_flight = select(disbursements.c.payout_id).where(disbursements.c.status.in_(SIGNED),
                                                        disbursements.c.payout_id.is_not(None))
    voted_down = select(ratifications.c.payout_id).where(ratifications.c.status == "failed")
    return conn.execute(
        select(payouts.c.id, payouts.c.net_cents, payouts.c.created_at, members.c.name)
        .join(memberships, memberships.c.id == payouts.c.membership_id)
        .join(members, members.c.id == memberships.c.member_id)
        .where(payouts.c.chama_id == chama_id, payouts.c.status == "payable", payouts.c.net_cents > 0,
               payouts.c.id.not_in(in_flight), payouts.c.id.not_in(voted_down))
        .order_by(payouts.c.id)).all()


def list_items(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("payouts", str(row.id),
                        translate(language, SUMMARY, amount=Money(row.net_cents), name=row.name[:20]),
                        row.created_at)
            for row in _waiting(conn, chama_id)]


def decide(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    row = next((r for r in _waiting(conn, chama_id) if str(r.id) == ref), None)
    if row is None:
        voted_down = ref.isdigit() and conn.execute(select(ratifications.c.id).where(
            ratifications.c.payout_id == int(ref), ratifications.c.status == "failed")).first() is not None
        return translate(language, NOT_RATIFIED if voted_down else _("That item was already decided."))
    if not approve:
        record_audit(conn, "payout.declined", chama_id, actor_id, payout_id=row.id)
        return translate(language, DECLINED)
    today = today_in_nairobi(datetime.now(timezone.utc))
    # asked first and answered without raising, so a vote decided by its closing date stays decided
    if ratify(conn, row.id, today) == "failed":
        return translate(language, NOT_RATIFIED)
    state = approve_payout(conn, row.id, actor_id, second_signatory_above=_threshold(), today=today)
    if state.queued:
        return translate(language, APPROVED, amount=Money(row.net_cents), name=row.name[:20])
    if not state.waiting_for:
        return translate(language, WAITING_VOTE, ref=f"P{row.id}")
    return translate(language, WAITING)


def _threshold() -> Money:
    from flask import current_app, has_app_context

    if has_app_context():
        return Money(current_app.extensions["chamabora"].settings.payout_second_signatory_cents)
    return DEFAULT_SECOND_SIGNATORY_ABOVE


register_source(PendingSource("payouts", list_items, decide))

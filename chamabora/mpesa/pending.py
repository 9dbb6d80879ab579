"""Payouts waiting for a signature, as items in the treasurer's pending list
(USSD menu 8): approving one signs it through `approve_payout`; declining
records the decision and leaves the payout unpaid until someone approves."""
from __future__ import annotations

from sqlalchemy import Connection, select

from ..conversation.i18n import _, translate
from ..conversation.pending import PendingItem, PendingSource, register_source
from ..core.money import Money
from ..services.payouts import payouts
from ..services.records import members, memberships, record_audit
from .approvals import DEFAULT_SECOND_SIGNATORY_ABOVE, IN_FLIGHT, approve_payout, disbursements

SUMMARY = _("Payout %(amount)s to %(name)s")
APPROVED = _("Approved. %(amount)s is on its way to %(name)s by M-Pesa.")
WAITING = _("Approved. The payout now waits for the chair's approval.")
DECLINED = _("Not approved. The payout stays unpaid until a treasurer approves it.")


def _waiting(conn: Connection, chama_id: int):  # type: ignore[no-untyped-def]
    # loan disbursements have no payout_id, and one NULL would make NOT IN match nothing
    in_flight = select(disbursements.c.payout_id).where(disbursements.c.status.in_(IN_FLIGHT + ("paid",)),
                                                        disbursements.c.payout_id.is_not(None))
    return conn.execute(
        select(payouts.c.id, payouts.c.net_cents, payouts.c.created_at, members.c.name)
        .join(memberships, memberships.c.id == payouts.c.membership_id)
        .join(members, members.c.id == memberships.c.member_id)
        .where(payouts.c.chama_id == chama_id, payouts.c.status == "payable", payouts.c.net_cents > 0,
               payouts.c.id.not_in(in_flight))
        .order_by(payouts.c.id)).all()


def list_items(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("payouts", str(row.id),
                        translate(language, SUMMARY, amount=Money(row.net_cents), name=row.name[:20]),
                        row.created_at)
            for row in _waiting(conn, chama_id)]


def decide(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    row = next((r for r in _waiting(conn, chama_id) if str(r.id) == ref), None)
    if row is None:
        return translate(language, _("That item was already decided."))
    if not approve:
        record_audit(conn, "payout.declined", chama_id, actor_id, payout_id=row.id)
        return translate(language, DECLINED)
    state = approve_payout(conn, row.id, actor_id, second_signatory_above=_threshold())
    if state.queued:
        return translate(language, APPROVED, amount=Money(row.net_cents), name=row.name[:20])
    return translate(language, WAITING)


def _threshold() -> Money:
    from flask import current_app, has_app_context

    if has_app_context():
        return Money(current_app.extensions["chamabora"].settings.payout_second_signatory_cents)
    return DEFAULT_SECOND_SIGNATORY_ABOVE


register_source(PendingSource("payouts", list_items, decide))

"""Reconciliation: what Daraja never told us, we ask.

Run on a schedule (`flask --app app daraja reconcile`, or the jobs scheduler).
1. STK prompts still pending after the member's time to answer are queried;
   "being processed" means still pending, anything else resolves them exactly
   as a callback would (a late callback afterwards finds them resolved).
2. Disbursements whose B2C result never came (or timed out in Daraja's queue)
   get a transaction-status query; its result arrives at `/mpesa/b2c/result`.
3. Callbacks stored but never applied (the process died between the two) are
   applied now.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from chamabora.core.payment_gateway import GatewayError, PaymentGateway, StillProcessing
from chamabora.parser.daraja import StkResult
from chamabora.services.mpesa import callback_drain
from chamabora.services.payouts import disbursements
from chamabora.services.mpesa import prompts
from chamabora.services.mpesa.callbacks import Run

log = logging.getLogger(__name__)
STUCK_AFTER = timedelta(minutes=2)


@dataclass
class Report:
    stk_resolved: list[str] = field(default_factory=list)
    stk_still_pending: list[str] = field(default_factory=list)
    b2c_queried: list[str] = field(default_factory=list)
    callbacks_reapplied: int = 0
    errors: list[str] = field(default_factory=list)


def reconcile(services, now: datetime | None = None) -> Report:  # type: ignore[no-untyped-def]
    """One round, with `services.mpesa` as the gateway to ask and `services.run` as the unit of work."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    settings, gateway, run = services.settings, services.mpesa, services.run
    report = Report()
    _resolve_prompts(run, gateway, now - timedelta(seconds=settings.mpesa_stk_timeout_seconds), report)
    _query_disbursements(run, gateway, now - timedelta(seconds=settings.mpesa_b2c_timeout_seconds), report)
    _reapply_stuck(run, now - STUCK_AFTER, report)
    return report


def _resolve_prompts(run: Run, gateway: PaymentGateway, older_than: datetime, report: Report) -> None:
    for checkout in run(lambda conn: prompts.overdue(conn, older_than)):
        try:
            code, desc = gateway.stk_query(checkout)
        except StillProcessing:
            report.stk_still_pending.append(checkout)
            continue
        except GatewayError as error:
            report.errors.append(f"{checkout}: {error.code}")
            continue
        result = StkResult("", checkout, code, desc)
        run(lambda conn: prompts.apply_stk_result(conn, result, resolved_by="query"))
        report.stk_resolved.append(checkout)


def _query_disbursements(run: Run, gateway: PaymentGateway, older_than: datetime, report: Report) -> None:
    for row in run(lambda conn: disbursements.overdue(conn, older_than)):
        try:
            accepted = gateway.payout_status(row.conversation_id or row.originator_conversation_id)
        except GatewayError as error:
            report.errors.append(f"{row.originator_conversation_id}: {error.code}")
            continue
        run(lambda conn: disbursements.record_status_query(conn, row.id, accepted))
        report.b2c_queried.append(row.originator_conversation_id)


def _reapply_stuck(run: Run, older_than: datetime, report: Report) -> None:
    """Callbacks stored but never applied (a lost drain job): applied the way a drain applies them,
    in its turn and only while still `received`, so a drain running now neither applies one twice
    nor deadlocks with this on the members both lock."""
    stuck = run(lambda conn: callback_drain.waiting_since(conn, older_than, limit=500))
    for callback_id in stuck:
        try:
            applied = callback_drain.apply_one(run, callback_id)
        except Exception as error:  # noqa: BLE001 - one bad callback must not hold up the others
            log.exception("stuck M-Pesa callback %s not applied", callback_id)
            report.errors.append(f"callback {callback_id}: {type(error).__name__}")
            continue
        if applied is not None:
            report.callbacks_reapplied += 1

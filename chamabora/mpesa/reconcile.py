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

from sqlalchemy import select

from chamabora.mpesa import deferred, disbursements, events, stk
from chamabora.mpesa.errors import DarajaError, StillProcessing
from chamabora.mpesa.intake import callbacks
from chamabora.mpesa.wire import StkResult

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
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    settings, client = services.settings, services.mpesa.client
    report = Report()
    _resolve_prompts(services, client, now - timedelta(seconds=settings.mpesa_stk_timeout_seconds), report)
    _query_disbursements(services, client, now - timedelta(seconds=settings.mpesa_b2c_timeout_seconds), report)
    _reapply_stuck(services, now - STUCK_AFTER, report)
    return report


def _resolve_prompts(services, client, older_than: datetime, report: Report) -> None:  # type: ignore[no-untyped-def]
    for checkout in services.run(lambda conn: stk.overdue(conn, older_than)):
        try:
            code, desc = client.stk_query(checkout)
        except StillProcessing:
            report.stk_still_pending.append(checkout)
            continue
        except DarajaError as error:
            report.errors.append(f"{checkout}: {error.code}")
            continue
        result = StkResult("", checkout, code, desc)
        services.run(lambda conn: stk.apply_stk_result(conn, result, resolved_by="query"))
        report.stk_resolved.append(checkout)


def _query_disbursements(services, client, older_than: datetime, report: Report) -> None:  # type: ignore[no-untyped-def]
    urls = services.mpesa.urls
    for row in services.run(lambda conn: disbursements.overdue(conn, older_than)):
        try:
            accepted = client.transaction_status(urls.url("/mpesa/b2c/result"), urls.url("/mpesa/b2c/timeout"),
                                                 original_conversation_id=row.conversation_id
                                                 or row.originator_conversation_id)
        except DarajaError as error:
            report.errors.append(f"{row.originator_conversation_id}: {error.code}")
            continue
        services.run(lambda conn: disbursements.record_status_query(conn, row.id, accepted))
        report.b2c_queried.append(row.originator_conversation_id)


def _reapply_stuck(services, older_than: datetime, report: Report) -> None:  # type: ignore[no-untyped-def]
    """Callbacks stored but never applied (a lost drain job): applied the way a drain applies them,
    in its turn and only while still `received`, so a drain running now neither applies one twice
    nor deadlocks with this on the members both lock."""
    stuck = services.run(lambda conn: conn.execute(select(callbacks.c.id).where(
        callbacks.c.status == "received", callbacks.c.received_at < older_than,
        callbacks.c.kind.in_(list(events.KINDS))).order_by(callbacks.c.id).limit(500)).scalars().all())
    for callback_id in stuck:
        try:
            applied = deferred.apply_one(services, callback_id)
        except Exception as error:  # noqa: BLE001 - one bad callback must not hold up the others
            log.exception("stuck M-Pesa callback %s not applied", callback_id)
            report.errors.append(f"callback {callback_id}: {type(error).__name__}")
            continue
        if applied is not None:
            report.callbacks_reapplied += 1

"""Delivery reports from every provider, mapped onto the outbox row they are
about (found by provider and provider message id). Only final states
change a row: delivered, or failed with the provider's reason. A report for
a row already delivered changes nothing, and the sweeper never resends a
row a provider accepted (it has `sent_at`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from ..outbox.store import Status, mark, outbox


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    provider: str
    provider_message_id: str
    status: Status | None      # None: an intermediate state (queued, buffered, ...)
    reason: str | None = None


def record_delivery(conn: Connection, report: DeliveryReport) -> bool:
    """True when a row changed."""
    if report.status not in (Status.DELIVERED, Status.FAILED):
        return False
    row_id = conn.execute(select(outbox.c.id).where(
        outbox.c.provider == report.provider, outbox.c.provider_message_id == report.provider_message_id,
        outbox.c.status.in_([Status.SENT.value, Status.FAILED.value]))).scalar()
    if row_id is None:
        return False
    error = f"delivery: {report.reason or 'failed'}" if report.status is Status.FAILED else None
    mark(conn, row_id, report.status, error=error)
    return True

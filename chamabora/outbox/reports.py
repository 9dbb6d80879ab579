"""Delivery reports from every provider, mapped onto the outbox row they are
about (found by provider and provider message id). Only final states change
a row: delivered, or failed with the provider's reason; a delivered row
stays delivered.

A report can come before its row carries the provider's id: the provider
delivers and calls us while the worker that sent the message has not yet
committed 'sent' (or died there, and a later attempt records it). Such a
report waits in `delivery_reports_waiting` until the row gets that id.
Both sides write first and look second, each look in a transaction that
starts after its own write committed: the webhook stores the waiting report,
commits, then looks for the row again; the sender commits 'sent', then looks
for waiting reports. Whichever commits last sees the other's write, so the
row ends delivered or failed whatever the order. Applying twice is harmless.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from chamabora.db.transaction import unit_of_work
from chamabora.outbox.store import Status, mark, outbox
from chamabora.db.outbox_tables import WaitingDeliveryReport

waiting = WaitingDeliveryReport.__table__
FINAL = (Status.DELIVERED, Status.FAILED)
ID_LIMIT = 100   # outbox.provider_message_id: a longer id names no message of ours
Run = Callable[[Callable[[Connection], Any]], Any]

# built once: these run on every delivery webhook
FIND_ROW = select(outbox.c.id).where(
    outbox.c.provider == bindparam("provider"), outbox.c.provider_message_id == bindparam("provider_message_id"),
    outbox.c.status.in_([Status.SENT.value, Status.FAILED.value]))
FORGET = delete(waiting).where(waiting.c.provider == bindparam("provider"),
                               waiting.c.provider_message_id == bindparam("provider_message_id"))


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    provider: str
    provider_message_id: str
    status: Status | None      # None: an intermediate state (queued, buffered, ...)
    reason: str | None = None

    def key(self) -> dict[str, str]:
        return {"provider": self.provider, "provider_message_id": self.provider_message_id}


def apply_report(conn: Connection, report: DeliveryReport) -> bool:
    """True when a row with this provider id took the report."""
    row_id = conn.execute(FIND_ROW, report.key()).scalar()
    if row_id is None:
        return False
    error = f"delivery: {report.reason or 'failed'}" if report.status is Status.FAILED else None
    mark(conn, row_id, report.status, error=error)  # type: ignore[arg-type]
    return True


def keep_waiting(conn: Connection, report: DeliveryReport) -> None:
    """One waiting report per message; a later 'delivered' wins over 'failed', never the reverse."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert(waiting).values(status=report.status.value, reason=(report.reason or "")[:300],  # type: ignore[union-attr]
                                       **report.key())
    keep = waiting.c.status == Status.DELIVERED.value
    conn.execute(statement.on_conflict_do_update(
        index_elements=["provider", "provider_message_id"],
        set_={"status": case((keep, waiting.c.status), else_=statement.excluded.status),
              "reason": case((keep, waiting.c.reason), else_=statement.excluded.reason)}))


def record_reports(run: Run, reports: Iterable[DeliveryReport]) -> int:
    """Apply the final reports (Root.run); returns how many reached their row."""
    final = [report for report in reports if report.status in FINAL and len(report.provider_message_id) <= ID_LIMIT]
    if not final:
        return 0

    def first_look(conn: Connection) -> list[DeliveryReport]:
        early = [report for report in final if not apply_report(conn, report)]
        for report in early:
            keep_waiting(conn, report)
        return early

    early = run(first_look)
    if not early:
        return len(final)

    def second_look(conn: Connection) -> int:
        found = [report for report in early if apply_report(conn, report)]
        for report in found:
            conn.execute(FORGET, report.key())
        return len(found)

    # the waiting reports are committed now: a sender committing 'sent' from here on will find them
    return len(final) - len(early) + run(second_look)


def apply_waiting(engine: Engine, sent: Iterable[tuple[int, str, str | None]]) -> int:
    """After rows were committed 'sent' (id, provider, provider id): apply the reports that came first."""
    keys = {(provider, provider_id) for _row, provider, provider_id in sent if provider_id}
    if not keys:
        return 0
    with engine.connect() as conn:
        found = [row for row in conn.execute(select(waiting).where(
            waiting.c.provider_message_id.in_([provider_id for _p, provider_id in keys]))).all()
            if (row.provider, row.provider_message_id) in keys]
    if not found:
        return 0

    def settle(conn: Connection) -> int:
        reports = [DeliveryReport(row.provider, row.provider_message_id, Status(row.status), row.reason)
                   for row in found]
        applied = [report for report in reports if apply_report(conn, report)]
        for report in applied:
            conn.execute(FORGET, report.key())
        return len(applied)

    return unit_of_work(engine, settle)

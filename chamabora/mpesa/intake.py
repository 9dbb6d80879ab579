"""Callback intake: store the raw payload, then apply it once.

The raw row is the first write of the transaction that applies it, so the
payload commits together with its effects. When the work is refused (a
`ChamaError`) the transaction rolls back and the payload is stored again on
its own, with the reason: it is never lost to a failure of the work it causes.
(No savepoint around the work: PostgreSQL's ledger guard wants postings in the
top-level transaction of their entry.) A race with a concurrent delivery of
the same event (`DuplicateEvent`) retries the whole delivery, which then finds
the event applied. A callback whose request we have
not recorded yet (Daraja can answer before our own write commits) is kept as
an `orphan` and applied when the request is recorded.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..core.errors import ChamaError
from .tables import MpesaCallback

log = logging.getLogger(__name__)
callbacks = MpesaCallback.__table__

Handler = Callable[[Connection, Any], str]
Run = Callable[[Callable[[Connection], Any]], Any]


def store(conn: Connection, kind: str, key: str, raw: str, remote: str | None) -> int:
    return conn.execute(insert(callbacks).returning(callbacks.c.id), {
        "kind": kind, "event_key": key[:100], "body": raw, "remote_addr": (remote or "")[:45] or None,
        "status": "received"}).scalar_one()


def mark(conn: Connection, callback_id: int, status: str, note: str | None = None) -> None:
    conn.execute(update(callbacks).where(callbacks.c.id == callback_id).values(
        status=status, note=note, processed_at=datetime.now(timezone.utc)))


def settle(run: Run, callback_id: int, handler: Handler, decoded: object) -> str:
    """Apply an already stored callback (an orphan, or one left unapplied) and record the outcome."""
    def work(conn: Connection) -> str:
        status = handler(conn, decoded)
        mark(conn, callback_id, status)
        return status

    try:
        return run(work)
    except ChamaError as error:
        run(lambda conn: mark(conn, callback_id, "error", reason(callback_id, error)))
        return "error"


def receive(run: Run, kind: str, key: str, raw: str, remote: str | None, handler: Handler,
            decoded: object, seen: Callable[[Connection, Any], bool] | None = None) -> str:
    """Store the payload and apply it in one transaction: the raw row commits with its effects."""
    def work(conn: Connection) -> str:
        callback_id = store(conn, kind, key, raw, remote)
        status = "duplicate" if seen is not None and seen(conn, decoded) else handler(conn, decoded)
        mark(conn, callback_id, status)
        return status

    try:
        return run(work)
    except ChamaError as error:
        # the work was refused and rolled back; the payload is still kept, with the reason
        run(lambda conn: mark(conn, store(conn, kind, key, raw, remote), "error", reason(None, error)))
        return "error"


def reason(callback_id: int | None, error: ChamaError) -> str:
    log.warning("M-Pesa callback %s not applied: %s", callback_id or "(new)", error.code)
    return f"{error.code}: {error}"[:300]


def waiting(conn: Connection, kind: str, key: str) -> list[tuple[int, str]]:
    """Orphaned callbacks for an event we have just recorded: (id, raw body)."""
    rows = conn.execute(select(callbacks.c.id, callbacks.c.body).where(
        callbacks.c.kind == kind, callbacks.c.event_key == key, callbacks.c.status == "orphan")
        .order_by(callbacks.c.id)).all()
    return [(row.id, row.body) for row in rows]

"""Callback intake: store the raw payload, then apply it once.

One transaction per delivery: the raw row is inserted first, the ledger work
runs inside a savepoint after it. If the work is refused (a `ChamaError`),
only the savepoint rolls back, so the raw payload and the reason stay on
record for an operator; a race with a concurrent delivery of the same event
(`DuplicateEvent`) retries the whole delivery, which then finds the event
applied. A callback whose request we have not recorded yet (Daraja can answer
before our own write commits) is kept as an `orphan` and applied when the
request is recorded.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, insert, select, update

from ..core.errors import ChamaError
from .tables import MpesaCallback

log = logging.getLogger(__name__)
callbacks = MpesaCallback.__table__

Handler = Callable[[Connection, object], str]


def store(conn: Connection, kind: str, key: str, raw: str, remote: str | None) -> int:
    return conn.execute(insert(callbacks).returning(callbacks.c.id), {
        "kind": kind, "event_key": key[:100], "body": raw, "remote_addr": (remote or "")[:45] or None,
        "status": "received"}).scalar_one()


def apply(conn: Connection, callback_id: int, handler: Handler, decoded: object) -> str:
    """Run `handler` in a savepoint and record its outcome on the callback row."""
    note = None
    try:
        with conn.begin_nested():
            status = handler(conn, decoded)
    except ChamaError as error:
        status, note = "error", f"{error.code}: {error}"
        log.warning("M-Pesa callback %s not applied: %s", callback_id, error.code)
    conn.execute(update(callbacks).where(callbacks.c.id == callback_id).values(
        status=status, note=note, processed_at=datetime.now(timezone.utc)))
    return status


def receive(conn: Connection, kind: str, key: str, raw: str, remote: str | None,
            handler: Handler, decoded: object) -> str:
    return apply(conn, store(conn, kind, key, raw, remote), handler, decoded)


def waiting(conn: Connection, kind: str, key: str) -> list[tuple[int, str]]:
    """Orphaned callbacks for an event we have just recorded: (id, raw body)."""
    rows = conn.execute(select(callbacks.c.id, callbacks.c.body).where(
        callbacks.c.kind == kind, callbacks.c.event_key == key, callbacks.c.status == "orphan")
        .order_by(callbacks.c.id)).all()
    return [(row.id, row.body) for row in rows]

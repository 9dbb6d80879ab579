"""Daraja's callbacks applied to our books, once: the kinds Daraja sends
(how each is read, which outside id keys it, which use case applies it), and
their intake: store the raw payload, then apply it once.

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

Daraja repeats itself a lot (the bench's 3 copies per event are mild), so
`record` stores a copy and recognises a repeat in the same statement: a copy
of an event that already has a stored row is stored as `duplicate` at once
and costs nothing more, unless that row ended as `error` or `orphan`: a later
copy may get past what stopped it (the member rejoined, our request committed),
so it is tried afresh. Two copies racing both read `received` and both go on to the
work, whose own keys post once; this is a shortcut, never the guard.
The statements are built once here: building them per callback cost more
CPU than running them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (Connection, String, Text, bindparam, case, exists, func, insert, literal_column, null,
                        select, update)
from sqlalchemy.exc import InterfaceError, OperationalError

from chamabora.core.errors import ChamaError
from chamabora.db.mpesa_tables import MpesaCallback
from chamabora.parser.daraja import decode_c2b, decode_result, decode_stk, loads
from chamabora.services.payouts import disbursement_results
from chamabora.services.mpesa import paybill
from chamabora.services.mpesa import prompts

log = logging.getLogger(__name__)
callbacks = MpesaCallback.__table__

# the database went away: nothing about the callback itself, so it stays `received` and is tried again
TRANSIENT = (OperationalError, InterfaceError)
Handler = Callable[[Connection, Any], str]
Run = Callable[[Callable[[Connection], Any]], Any]


@dataclass(frozen=True)
class Kind:
    decode: Callable[[object], object]
    key: Callable[[object], str]
    apply: Callable[[Connection, object], str]
    # already applied: a repeat needs no second transaction; None when `apply` tells a repeat itself,
    # in its first statement, so asking first would only cost a query
    seen: Callable[[Connection, object], bool] | None


KINDS: dict[str, Kind] = {
    "stk": Kind(decode_stk, lambda r: r.checkout_request_id, prompts.apply_stk_result,  # type: ignore[attr-defined]
                prompts.already_resolved),
    "c2b_confirmation": Kind(decode_c2b, lambda n: n.trans_id, paybill.apply_confirmation,  # type: ignore[attr-defined]
                             None),
    "b2c_result": Kind(decode_result, lambda r: r.originator_conversation_id,  # type: ignore[attr-defined]
                       disbursement_results.apply_b2c_result, disbursement_results.already_final),
    "b2c_timeout": Kind(decode_result, lambda r: r.originator_conversation_id,  # type: ignore[attr-defined]
                        disbursement_results.mark_timed_out, disbursement_results.already_final),
}


_STORE = insert(callbacks).returning(callbacks.c.id)
# constants, not an IN list: SQLAlchemy re-renders an IN list's parameters on every execution,
# which cost as much CPU as the rest of the statement
_EARLIER = exists().where(callbacks.c.kind == bindparam("kind", type_=String),
                          callbacks.c.event_key == bindparam("event_key", type_=String),
                          callbacks.c.status != literal_column("'error'"),
                          callbacks.c.status != literal_column("'orphan'"))
_RECORD = insert(callbacks).from_select(
    ["kind", "event_key", "body", "remote_addr", "status", "processed_at"],
    select(bindparam("kind", type_=String), bindparam("event_key", type_=String), bindparam("body", type_=Text),
           bindparam("remote_addr", type_=String),
           case((_EARLIER, literal_column("'duplicate'")), else_=literal_column("'received'")),
           case((_EARLIER, func.current_timestamp()), else_=null()))).returning(callbacks.c.id, callbacks.c.status)
_MARK = update(callbacks).where(callbacks.c.id == bindparam("callback_id")).values(
    status=bindparam("new_status"), note=bindparam("new_note"), processed_at=bindparam("at"))
_MARK_MANY = update(callbacks).where(callbacks.c.id.in_(bindparam("ids", expanding=True))).values(
    status=bindparam("new_status"), processed_at=bindparam("at"))


def _row(kind: str, key: str, raw: str, remote: str | None) -> dict[str, object]:
    return {"kind": kind, "event_key": key[:100], "body": raw, "remote_addr": (remote or "")[:45] or None}


def store(conn: Connection, kind: str, key: str, raw: str, remote: str | None) -> int:
    """Store a copy as `received`, whatever came before (validation, and a refused delivery's payload)."""
    return conn.execute(_STORE, {**_row(kind, key, raw, remote), "status": "received"}).scalar_one()


def record(conn: Connection, kind: str, key: str, raw: str, remote: str | None) -> tuple[int, str]:
    """Store a copy in one statement: (id, `received`) for work to do, (id, `duplicate`) for a repeat."""
    row = conn.execute(_RECORD, _row(kind, key, raw, remote)).one()
    return row.id, row.status


def mark(conn: Connection, callback_id: int, status: str, note: str | None = None) -> None:
    conn.execute(_MARK, {"callback_id": callback_id, "new_status": status, "new_note": note,
                         "at": datetime.now(timezone.utc)})


def mark_many(conn: Connection, outcomes: list[tuple[int, str]]) -> None:
    """Record a batch's outcomes: one statement per status, not one per callback."""
    by_status: dict[str, list[int]] = {}
    for callback_id, status in outcomes:
        by_status.setdefault(status, []).append(callback_id)
    now = datetime.now(timezone.utc)
    for status, ids in by_status.items():
        conn.execute(_MARK_MANY, {"ids": ids, "new_status": status, "at": now})


def settle(run: Run, callback_id: int, handler: Handler, decoded: object) -> str:
    """Apply an already stored callback (an orphan, or one left unapplied) and record the outcome."""
    def work(conn: Connection) -> str:
        status = handler(conn, decoded)
        mark(conn, callback_id, status)
        return status

    try:
        return run(work)
    except TRANSIENT:
        raise
    except Exception as error:  # noqa: BLE001 - any failure is recorded on its row, which then rests
        record_failure(run, callback_id, error)
        return "error"


def record_failure(run: Run, callback_id: int, error: Exception) -> None:
    """Mark a stored callback `error` with the reason, so no drain tries it again (a later copy of the
    event does): a callback that fails the same way every time must not cost every drain a rollback."""
    if not isinstance(error, ChamaError):
        log.error("M-Pesa callback %s failed", callback_id, exc_info=error)
    try:
        run(lambda conn: mark(conn, callback_id, "error", reason(callback_id, error)))
    except Exception:  # noqa: BLE001 - the database is away: the row stays received for reconciliation
        log.exception("M-Pesa callback %s: its failure could not be recorded", callback_id)


def receive(run: Run, kind: str, key: str, raw: str, remote: str | None, handler: Handler,
            decoded: object, seen: Callable[[Connection, Any], bool] | None = None, *, asks: bool = False) -> str:
    """Store the payload and apply it in one transaction: the raw row commits with its effects.
    `asks`: every copy wants its own answer (validation), so none is recorded as a repeat."""
    def work(conn: Connection) -> str:
        if asks:
            callback_id, status = store(conn, kind, key, raw, remote), "received"
        else:
            callback_id, status = record(conn, kind, key, raw, remote)
        if status == "duplicate":
            return status  # an earlier copy is stored: this one was recorded as a repeat and needs nothing
        status = "duplicate" if seen is not None and seen(conn, decoded) else handler(conn, decoded)
        mark(conn, callback_id, status)
        return status

    try:
        return run(work)
    except TRANSIENT:
        raise  # nothing stored: Daraja's retry brings it again
    except Exception as error:  # noqa: BLE001 - refused or failed: rolled back, the payload kept with the reason
        if not isinstance(error, ChamaError):
            log.error("M-Pesa %s callback %s failed", kind, key, exc_info=error)
        # should this store fail too (the database is away), the error propagates and Daraja retries
        run(lambda conn: mark(conn, store(conn, kind, key, raw, remote), "error", reason(None, error)))
        return "error"


def reason(callback_id: int | None, error: Exception) -> str:
    code = error.code if isinstance(error, ChamaError) else type(error).__name__
    log.warning("M-Pesa callback %s not applied: %s", callback_id or "(new)", code)
    first_line = (str(error).splitlines() or [""])[0]
    return f"{code}: {first_line}"[:300]


def waiting(conn: Connection, kind: str, key: str) -> list[tuple[int, str]]:
    """Orphaned callbacks for an event we have just recorded: (id, raw body)."""
    rows = conn.execute(select(callbacks.c.id, callbacks.c.body).where(
        callbacks.c.kind == kind, callbacks.c.event_key == key, callbacks.c.status == "orphan")
        .order_by(callbacks.c.id)).all()
    return [(row.id, row.body) for row in rows]


def reapply(run: Run, callback_id: int, kind: str, body: str) -> str:
    """Apply a stored callback again (an orphan whose request now exists, or one left unprocessed)."""
    spec = KINDS[kind]
    return settle(run, callback_id, spec.apply, spec.decode(loads(body)))


def apply_waiting(run: Run, kind: str, key: str) -> list[str]:
    return [reapply(run, callback_id, kind, body)
            for callback_id, body in run(lambda conn: waiting(conn, kind, key))]

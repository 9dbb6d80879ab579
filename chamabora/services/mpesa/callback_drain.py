"""Applying stored Daraja callbacks in batches: the workers' half of
acknowledging Daraja fast (channels/mpesa/deferred.py stores each payload
and queues a drain; this applies what was stored, once).

Once: a batch claims rows with a lock (skipping rows another drain holds) and
applies them in one transaction, each only while still `received`; the
ledger's own keys (`CheckoutRequestID`, `TransID`, the M-Pesa receipt) make
any copy that slipped through post nothing. On PostgreSQL the batches of
concurrent drains take turns (a transaction-scoped advisory lock): a batch
locks the membership of every member it pays, and two batches locking members
in different orders would deadlock. A batch that is refused (`ChamaError`) or
fails is rolled back and its callbacks are applied one by one, so one bad
callback records its reason (whatever failed: a refusal, a constraint, a body
the decoder no longer reads) and holds up no other. A drain stops after
`DRAIN_SECONDS` and hands the rest to a successor, so RQ's job timeout never
kills one mid-transaction.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, bindparam, func, select

from chamabora.parser.daraja import loads
from chamabora.services.mpesa import callbacks as intake
from chamabora.services.mpesa.callbacks import KINDS, Run, callbacks

log = logging.getLogger(__name__)
BATCH = 50          # callbacks per transaction: amortises BEGIN/COMMIT, holds member locks ~0.1 s
DRAIN_SECONDS = 60  # well inside RQ's default job timeout (180 s)
ADVISORY_KEY = 0x6D70657361  # "mpesa": the batches of concurrent drains take turns on it

_CLAIM = (select(callbacks.c.id, callbacks.c.kind, callbacks.c.body)
          .where(callbacks.c.status == "received", callbacks.c.id > bindparam("after"),
                 callbacks.c.kind.in_(list(KINDS)))
          .order_by(callbacks.c.id).limit(bindparam("limit")).with_for_update(skip_locked=True))
_CLAIM_ONE = (select(callbacks.c.kind, callbacks.c.body)
              .where(callbacks.c.id == bindparam("callback_id"), callbacks.c.status == "received")
              .with_for_update(skip_locked=True))
_WAITING = (select(callbacks.c.id)
            .where(callbacks.c.status == "received", callbacks.c.id > bindparam("after"),
                   callbacks.c.kind.in_(list(KINDS)))
            .order_by(callbacks.c.id).limit(bindparam("limit")))
_TAKE_TURN = select(func.pg_advisory_xact_lock(ADVISORY_KEY))


def _apply(conn: Connection, kind: str, body: str) -> str:
    spec = KINDS[kind]
    decoded = spec.decode(loads(body))
    return "duplicate" if spec.seen is not None and spec.seen(conn, decoded) else spec.apply(conn, decoded)


def _take_turn(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(_TAKE_TURN)


def apply_batch(conn: Connection, after: int) -> list[tuple[int, str]]:
    """Claim up to BATCH stored callbacks after `after` and apply them in the caller's unit of work:
    [(id, outcome)], empty when nothing is left."""
    _take_turn(conn)
    claimed = conn.execute(_CLAIM, {"after": after, "limit": BATCH}).all()
    outcomes = [(row.id, _apply(conn, row.kind, row.body)) for row in claimed]
    intake.mark_many(conn, outcomes)
    return outcomes


def apply_row(conn: Connection, callback_id: int) -> str | None:
    """Apply one stored callback in the caller's unit of work; None when it is done or another drain has it."""
    _take_turn(conn)
    row = conn.execute(_CLAIM_ONE, {"callback_id": callback_id}).first()
    if row is None:
        return None
    status = _apply(conn, row.kind, row.body)
    intake.mark(conn, callback_id, status)
    return status


def apply_one(run: Run, callback_id: int) -> str | None:
    """One callback in its own transaction (the ledger guard wants postings top-level); a refusal or any
    other failure is recorded on its row with the reason, so the next drain does not meet it again."""
    try:
        return run(lambda conn: apply_row(conn, callback_id))  # type: ignore[no-any-return]
    except intake.TRANSIENT:
        raise  # the database went away mid-work: the row stays received and is tried again
    except Exception as error:  # noqa: BLE001 - one bad callback must not hold up the rest
        intake.record_failure(run, callback_id, error)
        return "error"


def waiting(conn: Connection, after: int, limit: int = BATCH) -> list[int]:
    return list(conn.execute(_WAITING, {"after": after, "limit": limit}).scalars())


def waiting_since(conn: Connection, before: datetime, limit: int | None = None) -> list[int]:
    """Callbacks stored before `before` and still not applied, oldest first."""
    query = select(callbacks.c.id).where(callbacks.c.status == "received", callbacks.c.received_at < before,
                                         callbacks.c.kind.in_(list(KINDS))).order_by(callbacks.c.id)
    return list(conn.execute(query.limit(limit) if limit else query).scalars())


def count_waiting_since(conn: Connection, seconds: float) -> int:
    before = datetime.now(timezone.utc) - timedelta(seconds=seconds)
    return conn.execute(select(func.count()).select_from(callbacks).where(  # type: ignore[no-any-return]
        callbacks.c.status == "received", callbacks.c.received_at < before,
        callbacks.c.kind.in_(list(KINDS)))).scalar_one()


def _one_by_one(run: Run, after: int) -> tuple[int, int]:
    """After a batch was rolled back: its callbacks singly, so each records its own outcome.
    (the last id tried, how many were applied)"""
    ids, applied = run(lambda conn: waiting(conn, after)), 0
    for callback_id in ids:
        try:
            applied += apply_one(run, callback_id) is not None
        except Exception:  # noqa: BLE001 - one bad row must not hold up the rest; reconciliation retries it
            log.exception("M-Pesa callback %s not applied; left for reconciliation", callback_id)
    return (ids[-1] if ids else after), applied


def drain(run: Run, successor: Callable[[], object]) -> int:
    """Apply every stored callback still waiting; how many this run applied. Past DRAIN_SECONDS the rest
    goes to `successor` (any drain starts from the first row)."""
    applied, after, began = 0, 0, time.monotonic()
    while True:
        try:
            outcomes = run(lambda conn: apply_batch(conn, after))
            last, done = (outcomes[-1][0], len(outcomes)) if outcomes else (after, 0)
        except Exception:  # noqa: BLE001 - a refusal or a fault rolled the batch back; take it singly
            log.info("M-Pesa callbacks after %s: batch rolled back, applying them one by one", after, exc_info=True)
            last, done = _one_by_one(run, after)
        if last == after:
            return applied
        applied, after = applied + done, last
        if time.monotonic() - began > DRAIN_SECONDS:
            successor()
            return applied

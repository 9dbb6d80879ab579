"""Acknowledging Daraja fast: with RQ running (REDIS_URL set), a callback's
raw payload is stored (one insert, committed) and Daraja gets its
acknowledgement; a `drain` job on the `money` queue then does the ledger work
for every stored callback, once. Without Redis (the local default) callbacks
are applied in the request, as before.

The request costs one SQL round trip: on PostgreSQL the insert runs without
BEGIN and COMMIT (one statement is atomic: db.transaction.one_statement),
and it recognises a repeat itself
(`intake.record`). A repeat is
stored as `duplicate` and touches Redis not at all.

One drain job is queued at a time (a Redis flag taken with SET NX): a job per
callback would cost more in RQ's own bookkeeping than the ledger work. The
drain clears the flag before it reads, so a callback stored after that read
began finds no flag and queues the next drain: none is left behind. A lost
job or flag leaves rows `received`: the workers' own recovery round queues a
drain for them within seconds (`requeue_lost_drain`, worker/process.py), and
reconciliation re-applies any still left. A
drain stops after `DRAIN_SECONDS` and queues its successor, so RQ's job
timeout never kills one mid-transaction.

Once: the drain claims a batch of rows with a lock (skipping rows another
drain holds) and applies them in one transaction, each only while still
`received`; the ledger's own keys (`CheckoutRequestID`, `TransID`, the M-Pesa
receipt) make any copy that slipped through post nothing. On PostgreSQL the
batches of concurrent drains take turns (a transaction-scoped advisory lock):
a batch locks the membership of every member it pays, and two batches
locking members in different orders would deadlock. A batch that is refused
(`ChamaError`) or fails is rolled back and its callbacks are applied one by
one, so one bad callback records its reason (whatever failed: a refusal, a
constraint, a body the decoder no longer reads) and holds up no other.
"""
from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError
from sqlalchemy import Connection, bindparam, func, select

from chamabora.outbox.store import Purpose
from chamabora.db.transaction import one_statement
from chamabora.mpesa import intake
from chamabora.mpesa.events import KINDS
from chamabora.mpesa.wire import loads

log = logging.getLogger(__name__)
callbacks = intake.callbacks
DRAIN = "chamabora.worker.tasks.drain_mpesa_callbacks"
FLAG = "chamabora:mpesa:drain-queued"
FLAG_SECONDS = 30  # a flag whose job was lost stops blocking new drains after this
BATCH = 50          # callbacks per transaction: amortises BEGIN/COMMIT, holds member locks ~0.1 s
DRAIN_SECONDS = 60  # well inside RQ's default job timeout (180 s)
LOST_AFTER = 20     # seconds a stored callback waits before its drain counts as lost
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


def enabled(services) -> bool:  # type: ignore[no-untyped-def]
    """Callbacks are stored and applied by workers where RQ runs (settings.jobs_enabled)."""
    return services.jobs is not None


def receive_later(services, kind: str, key: str, raw: str,  # type: ignore[no-untyped-def]
                  remote: str | None) -> tuple[int, str]:
    """Store the payload (committed before the acknowledgement); queue a drain unless one is waiting
    or this is a repeat: (row id, `received` or `duplicate`)."""
    def work(conn: Connection) -> tuple[int, str]:
        return intake.record(conn, kind, key, raw, remote)

    stored = one_statement(services.engine, work)  # a dropped pooled connection is retried
    if stored[1] == "received":
        try:
            queue_drain(services)
        except RedisError as error:
            # stored and committed: the workers' recovery round queues a drain for it (LOST_AFTER)
            log.warning("callback %s stored but no drain queued (%s)", stored[0], type(error).__name__)
    return stored


def queue_drain(services) -> bool:  # type: ignore[no-untyped-def]
    """Queue a drain unless one is already waiting; whether this call queued it."""
    from rq import Retry

    from chamabora.jobs.queues import BACKOFF, queue

    if not services.redis.set(FLAG, "1", nx=True, ex=FLAG_SECONDS):
        return False
    # the retry policy from the queues module, not the dispatcher: a drain queues its own successor,
    # and a worker may run without an RQ dispatcher (receipts left for the send workers)
    retry = Retry(max=len(BACKOFF), interval=list(BACKOFF))
    with services.redis.pipeline() as pipe:  # one round trip for RQ's registration and the job
        queue(services.redis, Purpose.MONEY.value).enqueue_call(
            DRAIN, retry=retry, result_ttl=60, failure_ttl=7 * 86400, pipeline=pipe)
        pipe.execute()
    return True


def requeue_lost_drain(services) -> int:  # type: ignore[no-untyped-def]
    """Callbacks stored a while ago and still waiting mean their drain was lost (a Redis flush, a killed
    worker): queue one (unless one is on its way). How many callbacks were waiting."""
    from datetime import datetime, timedelta, timezone

    before = datetime.now(timezone.utc) - timedelta(seconds=LOST_AFTER)
    count = services.run(lambda conn: conn.execute(select(func.count()).select_from(callbacks).where(
        callbacks.c.status == "received", callbacks.c.received_at < before,
        callbacks.c.kind.in_(list(KINDS)))).scalar_one())
    if count:
        queue_drain(services)
    return count  # type: ignore[no-any-return]


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


def apply_one(services, callback_id: int) -> str | None:  # type: ignore[no-untyped-def]
    """One callback in its own transaction (the ledger guard wants postings top-level); a refusal or any
    other failure is recorded on its row with the reason, so the next drain does not meet it again."""
    try:
        return services.run(lambda conn: apply_row(conn, callback_id))
    except intake.TRANSIENT:
        raise  # the database went away mid-work: the row stays received and is tried again
    except Exception as error:  # noqa: BLE001 - one bad callback must not hold up the rest
        intake.record_failure(services.run, callback_id, error)
        return "error"


def waiting(conn: Connection, after: int, limit: int = BATCH) -> list[int]:
    return list(conn.execute(_WAITING, {"after": after, "limit": limit}).scalars())


def _one_by_one(services, after: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """After a batch was rolled back: its callbacks singly, so each records its own outcome.
    (the last id tried, how many were applied)"""
    ids, applied = services.run(lambda conn: waiting(conn, after)), 0
    for callback_id in ids:
        try:
            applied += apply_one(services, callback_id) is not None
        except Exception:  # noqa: BLE001 - one bad row must not hold up the rest; reconciliation retries it
            log.exception("M-Pesa callback %s not applied; left for reconciliation", callback_id)
    return (ids[-1] if ids else after), applied


def drain(services) -> int:  # type: ignore[no-untyped-def]
    """What the RQ job runs (worker.tasks): apply every stored callback still waiting; how many this
    run applied."""
    services.redis.delete(FLAG)  # before reading: anything stored from now on queues another drain
    applied, after, began = 0, 0, time.monotonic()
    while True:
        try:
            outcomes = services.run(lambda conn: apply_batch(conn, after))
            last, done = (outcomes[-1][0], len(outcomes)) if outcomes else (after, 0)
        except Exception:  # noqa: BLE001 - a refusal or a fault rolled the batch back; take it singly
            log.info("M-Pesa callbacks after %s: batch rolled back, applying them one by one", after, exc_info=True)
            last, done = _one_by_one(services, after)
        if last == after:
            return applied
        applied, after = applied + done, last
        if time.monotonic() - began > DRAIN_SECONDS:
            queue_drain(services)  # the rest goes to a successor (any drain starts from the first row)
            return applied

"""Acknowledging Daraja fast: with RQ running (REDIS_URL set), a callback's
raw payload is stored (one insert, committed) and Daraja gets its
acknowledgement; a `drain` job on the `money` queue then does the ledger work
for every stored callback, once. Without Redis (the local default) callbacks
are applied in the request, as before.

One drain job is queued at a time (a Redis flag taken with SET NX): a job per
callback would cost more in RQ's own bookkeeping than the ledger work. The
drain clears the flag before it reads, so a callback stored after that read
began finds no flag and queues the next drain: none is left behind. A lost
job or flag leaves rows `received`, and reconciliation re-applies those.

Once: each row is claimed with a lock (skipping rows another drain holds) and
applied only while still `received`; the ledger's own keys (`CheckoutRequestID`,
`TransID`, the M-Pesa receipt) make the copies Daraja repeats post nothing.
"""
from __future__ import annotations

import logging

from sqlalchemy import Connection, select

from ..core.errors import ChamaError
from ..outbox.store import Purpose
from . import intake
from .events import KINDS
from .wire import loads

log = logging.getLogger(__name__)
callbacks = intake.callbacks
DRAIN = "chamabora.mpesa.deferred.drain"
FLAG = "chamabora:mpesa:drain-queued"
FLAG_SECONDS = 30  # a flag whose job was lost stops blocking new drains after this
CHUNK = 200


def enabled(services) -> bool:  # type: ignore[no-untyped-def]
    from ..jobs.queues import RQDispatcher

    return isinstance(services.dispatcher, RQDispatcher)


def receive_later(services, kind: str, key: str, raw: str, remote: str | None) -> int:  # type: ignore[no-untyped-def]
    """Store the payload (committed before the acknowledgement); queue a drain unless one is waiting."""
    from ..jobs.queues import queue

    callback_id = services.run(lambda conn: intake.store(conn, kind, key, raw, remote))
    if services.redis.set(FLAG, "1", nx=True, ex=FLAG_SECONDS):
        with services.redis.pipeline() as pipe:  # one round trip for RQ's registration and the job
            queue(services.redis, Purpose.MONEY.value).enqueue_call(
                DRAIN, retry=services.dispatcher.retry(), result_ttl=60, failure_ttl=7 * 86400, pipeline=pipe)
            pipe.execute()
    return callback_id


def apply_row(conn: Connection, callback_id: int) -> str | None:
    """Apply one stored callback in the caller's unit of work; None when it is done or another drain has it."""
    row = conn.execute(select(callbacks.c.kind, callbacks.c.body).where(
        callbacks.c.id == callback_id, callbacks.c.status == "received").with_for_update(skip_locked=True)).first()
    if row is None:
        return None
    spec = KINDS[row.kind]
    decoded = spec.decode(loads(row.body))
    status = "duplicate" if spec.seen(conn, decoded) else spec.apply(conn, decoded)
    intake.mark(conn, callback_id, status)
    return status


def apply_one(services, callback_id: int) -> str | None:  # type: ignore[no-untyped-def]
    """One callback in its own transaction (the ledger guard wants postings top-level); refusals are recorded."""
    try:
        return services.run(lambda conn: apply_row(conn, callback_id))
    except ChamaError as error:
        services.run(lambda conn: intake.mark(conn, callback_id, "error", intake.reason(callback_id, error)))
        return "error"


def waiting(conn: Connection, after: int) -> list[int]:
    return list(conn.execute(select(callbacks.c.id).where(
        callbacks.c.status == "received", callbacks.c.id > after, callbacks.c.kind.in_(list(KINDS)))
        .order_by(callbacks.c.id).limit(CHUNK)).scalars())


def drain() -> int:
    """The RQ job: apply every stored callback still waiting; how many this run applied."""
    from ..jobs.tasks import current

    services = current()
    services.redis.delete(FLAG)  # before reading: anything stored from now on queues another drain
    applied, after = 0, 0
    while ids := services.run(lambda conn: waiting(conn, after)):
        for callback_id in ids:
            try:
                applied += apply_one(services, callback_id) is not None
            except Exception:  # noqa: BLE001 - one bad row must not hold up the rest; reconciliation retries it
                log.exception("M-Pesa callback %s not applied; left for reconciliation", callback_id)
        after = ids[-1]
    return applied

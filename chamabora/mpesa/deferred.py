"""Acknowledging Daraja fast: with RQ running (REDIS_URL set), a callback's
raw payload is stored (one insert, committed) and a job on the `money` queue
is queued, and Daraja gets its acknowledgement; a worker then does the ledger
work once. Without Redis (the local default) callbacks are applied in the
request, as before.

Once: the worker locks the stored row and applies it only while it is still
`received`, so a re-run job (retry, or a work-horse that died after its
commit) finds it done; the ledger's own keys (`CheckoutRequestID`, `TransID`,
the M-Pesa receipt) make the copies Daraja repeats post nothing. A job lost
with Redis leaves its row `received`, and reconciliation re-applies those.
"""
from __future__ import annotations

from sqlalchemy import Connection, select

from ..core.errors import ChamaError
from ..outbox.store import Purpose
from . import intake
from .events import KINDS
from .wire import loads

callbacks = intake.callbacks
APPLY = "chamabora.mpesa.deferred.apply_stored"


def enabled(services) -> bool:  # type: ignore[no-untyped-def]
    from ..jobs.queues import RQDispatcher

    return isinstance(services.dispatcher, RQDispatcher)


def receive_later(services, kind: str, key: str, raw: str, remote: str | None) -> int:  # type: ignore[no-untyped-def]
    """Store the payload (committed before the acknowledgement), then queue its application."""
    from ..jobs.queues import queue

    callback_id = services.run(lambda conn: intake.store(conn, kind, key, raw, remote))
    dispatcher = services.dispatcher
    # one pipeline, one round trip; the job id is unique per stored row
    with services.redis.pipeline() as pipe:
        queue(services.redis, Purpose.MONEY.value).enqueue_call(
            APPLY, args=(callback_id,), job_id=f"mpesa-callback-{callback_id}", retry=dispatcher.retry(),
            result_ttl=60, failure_ttl=7 * 86400, pipeline=pipe)
        pipe.execute()
    return callback_id


def apply_row(conn: Connection, callback_id: int) -> str:
    """Apply one stored callback inside the caller's unit of work, unless it was handled already."""
    row = conn.execute(select(callbacks.c.kind, callbacks.c.body, callbacks.c.status)
                       .where(callbacks.c.id == callback_id).with_for_update()).first()
    if row is None:
        return "missing"
    if row.status != "received":
        return str(row.status)
    spec = KINDS[row.kind]
    decoded = spec.decode(loads(row.body))
    status = "duplicate" if spec.seen(conn, decoded) else spec.apply(conn, decoded)
    intake.mark(conn, callback_id, status)
    return status


def apply_stored(callback_id: int) -> str:
    """The RQ job: the ledger work for one stored callback; a refusal is recorded on the row."""
    from ..jobs.tasks import current

    services = current()
    try:
        return services.run(lambda conn: apply_row(conn, callback_id))
    except ChamaError as error:
        services.run(lambda conn: intake.mark(conn, callback_id, "error", intake.reason(callback_id, error)))
        return "error"

"""Acknowledging Daraja fast: with RQ running (REDIS_URL set), a callback's
raw payload is stored (one insert, committed) and Daraja gets its
acknowledgement; a `drain` job on the `money` queue then does the ledger work
for every stored callback, once (services/mpesa/callback_drain.py). Without Redis
(the local default) callbacks are applied in the request, as before.

The request costs one SQL round trip: on PostgreSQL the insert runs without
BEGIN and COMMIT (one statement is atomic: db.transaction.one_statement),
and it recognises a repeat itself (`services.callbacks.record`). A repeat is stored as `duplicate` and touches
Redis not at all.

One drain job is queued at a time (a Redis flag taken with SET NX): a job per
callback would cost more in RQ's own bookkeeping than the ledger work. The
drain clears the flag before it reads, so a callback stored after that read
began finds no flag and queues the next drain: none is left behind. A lost
job or flag leaves rows `received`: the workers' own recovery round queues a
drain for them within seconds (`requeue_lost_drain`, worker/process.py), and
reconciliation re-applies any still left.
"""
from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import Connection

from chamabora.db.transaction import one_statement
from chamabora.jobs.queues import BACKOFF, queue
from chamabora.outbox.store import Purpose
from chamabora.services.mpesa import callback_drain
from chamabora.services.mpesa import callbacks

log = logging.getLogger(__name__)
DRAIN = "chamabora.worker.tasks.drain_mpesa_callbacks"
FLAG = "chamabora:mpesa:drain-queued"
FLAG_SECONDS = 30  # a flag whose job was lost stops blocking new drains after this
LOST_AFTER = 20     # seconds a stored callback waits before its drain counts as lost


def enabled(services) -> bool:  # type: ignore[no-untyped-def]
    """Callbacks are stored and applied by workers where RQ runs (settings.jobs_enabled)."""
    return services.jobs is not None


def receive_later(services, kind: str, key: str, raw: str,  # type: ignore[no-untyped-def]
                  remote: str | None) -> tuple[int, str]:
    """Store the payload (committed before the acknowledgement); queue a drain unless one is waiting
    or this is a repeat: (row id, `received` or `duplicate`)."""
    def work(conn: Connection) -> tuple[int, str]:
        return callbacks.record(conn, kind, key, raw, remote)

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
    count = services.run(lambda conn: callback_drain.count_waiting_since(conn, LOST_AFTER))
    if count:
        queue_drain(services)
    return count  # type: ignore[no-any-return]


def drain(services) -> int:  # type: ignore[no-untyped-def]
    """What the RQ job runs (worker.tasks): apply every stored callback still waiting; how many this
    run applied."""
    services.redis.delete(FLAG)  # before reading: anything stored from now on queues another drain
    return callback_drain.drain(services.run, lambda: queue_drain(services))

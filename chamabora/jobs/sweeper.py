"""Re-queueing what a crash left behind: rows committed but never queued
(the web process died after commit), rows whose retries ran out while the
provider was down, and rows a dead worker left 'sending' past the lease
(counted from the attempt's own claim, not the row's age), which the outbox
policy releases as 'interrupted' or, for money prompts, 'unknown'. A row
whose job is still queued, scheduled or running is left alone; rows a
provider accepted (`sent_at` set) are never sent again, and a row gives up
after MAX_ATTEMPTS. Delivery reports no row ever claimed are forgotten
after a week.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import Connection, delete, func, select

from ..outbox.reports import waiting
from ..mpesa.stk import release_and_tell
from ..outbox.store import CLAIMABLE, Status, outbox
from ..services.transaction import unit_of_work
from .queues import WAKE, RQDispatcher, job_id

MAX_ATTEMPTS = 8
QUIET = timedelta(seconds=60)        # a younger pending row is still on its way to a worker
SENDING_LEASE = timedelta(minutes=15)  # far beyond any job's timeout
ALIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
REPORTS_KEPT = timedelta(days=7)      # providers report within hours; older ones name messages we never sent


def candidates(conn: Connection, now: datetime, limit: int):  # type: ignore[no-untyped-def]
    ready = outbox.c.status.in_(CLAIMABLE) & (outbox.c.created_at < now - QUIET)
    claimed = func.coalesce(outbox.c.claimed_at, outbox.c.created_at)
    stuck = (outbox.c.status == Status.SENDING.value) & (claimed < now - SENDING_LEASE)
    return conn.execute(select(outbox.c.id, outbox.c.status).where(
        ready | stuck, outbox.c.sent_at.is_(None), outbox.c.attempts < MAX_ATTEMPTS)
        .order_by(outbox.c.id).limit(limit)).all()


def alive_jobs(dispatcher: RQDispatcher, ids: list[int], name=job_id) -> set[int]:  # type: ignore[no-untyped-def]
    jobs = Job.fetch_many([name(i) for i in ids], connection=dispatcher.redis, serializer=JSONSerializer)
    return {i for i, job in zip(ids, jobs) if job is not None and job.get_status(refresh=False) in ALIVE}


def sweep(dispatcher: RQDispatcher, now: datetime | None = None, limit: int = 5000) -> list[int]:
    """Queue every forgotten row again; returns their ids."""
    now = now or datetime.now(timezone.utc)
    unit_of_work(dispatcher.engine, lambda conn: conn.execute(
        delete(waiting).where(waiting.c.received_at < now - REPORTS_KEPT)))
    with dispatcher.engine.connect() as conn:
        rows = candidates(conn, now, limit)
    if not rows:
        return []
    alive = alive_jobs(dispatcher, [row.id for row in rows])
    orphans = [row.id for row in rows if row.id not in alive]
    stuck = [row.id for row in rows if row.id in orphans and row.status == Status.SENDING.value]
    if stuck:
        unit_of_work(dispatcher.engine, lambda conn: release_and_tell(conn, stuck))
    if orphans:
        dispatcher.dispatch(orphans)
    return orphans


def sweep_inbound(dispatcher: RQDispatcher, now: datetime | None = None, limit: int = 5000) -> list[int]:
    """Stored inbound messages still waiting a minute on: their wake was lost (the web process died
    after commit) or their answer failed. One answering job is queued for all of them; returns their ids."""
    from ..sms.deferred import inbound_queue

    now = now or datetime.now(timezone.utc)
    with dispatcher.engine.connect() as conn:
        ids = list(conn.execute(select(inbound_queue.c.id).where(
            inbound_queue.c.status == "queued", inbound_queue.c.created_at < now - QUIET)
            .order_by(inbound_queue.c.id).limit(limit)).scalars())
    if ids:
        dispatcher.redis.delete(WAKE)
        dispatcher.wake_answerers()
    return ids

"""Re-queueing what a crash left behind: rows committed but never queued
(the web process died after commit, or Redis lost its jobs), rows whose
retries ran out while the provider was down, and rows a dead worker left
'sending', which the outbox policy releases as 'interrupted' or, for money
prompts, 'unknown'.

A row is left alone while a job is really on it: queued, scheduled for a
time not yet long past, or running with a recent heartbeat (a batch job
counts for every row it carries). A worker killed mid-send stops its job's
heartbeat, so its rows are released within a minute; a retry whose
scheduler died with its worker is queued directly once overdue. Rows a
provider accepted (`sent_at` set) are never sent again, and a row gives up
after MAX_ATTEMPTS. Delivery reports no row ever claimed are forgotten
after a week. Workers run this themselves every few seconds (`process.py`).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import Connection, delete, func, select

from chamabora.channels.sms.deferred import inbound_queue
from chamabora.outbox.reports import waiting
from chamabora.services.mpesa.prompts import release_and_tell
from chamabora.outbox.store import CLAIMABLE, Status, outbox
from chamabora.db.transaction import unit_of_work
from chamabora.jobs.queues import SEND_BATCH, SEND_ONE, WAKE, RQDispatcher, job_id, queues

MAX_ATTEMPTS = 8
QUIET = timedelta(seconds=60)        # a younger pending row is still on its way to a worker
SENDING_CHECK = timedelta(seconds=45)  # a row 'sending' this long is checked against the running jobs
# a running job's heartbeat comes every 10 s from our workers (30 s from a plain `rq worker`): older than
# this, its worker is dead
STALE_HEARTBEAT = timedelta(seconds=45)
OVERDUE = timedelta(seconds=30)  # a retry this late was not moved by any scheduler: none is running
WAITING = {JobStatus.QUEUED, JobStatus.DEFERRED}
REPORTS_KEPT = timedelta(days=7)      # providers report within hours; older ones name messages we never sent


def candidates(conn: Connection, now: datetime, limit: int):  # type: ignore[no-untyped-def]
    ready = outbox.c.status.in_(CLAIMABLE) & (outbox.c.created_at < now - QUIET)
    claimed = func.coalesce(outbox.c.claimed_at, outbox.c.created_at)
    stuck = (outbox.c.status == Status.SENDING.value) & (claimed < now - SENDING_CHECK)
    return conn.execute(select(outbox.c.id, outbox.c.status).where(
        ready | stuck, outbox.c.sent_at.is_(None), outbox.c.attempts < MAX_ATTEMPTS)
        .order_by(outbox.c.id).limit(limit)).all()


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def running_rows(dispatcher: RQDispatcher, now: datetime) -> set[int]:
    """Rows a job with a live heartbeat is sending now, single or batch, from every queue's started jobs."""
    rows: set[int] = set()
    for queue in queues(dispatcher.redis):
        ids = [job_id_ for job_id_, _execution in StartedJobRegistry(queue=queue).get_job_and_execution_ids(
            cleanup=False)]
        for job in Job.fetch_many(ids, connection=dispatcher.redis, serializer=JSONSerializer) if ids else []:
            beat = _aware(job.last_heartbeat or job.started_at) if job is not None else None
            if beat is None or now - beat > STALE_HEARTBEAT:
                continue
            if job.func_name == SEND_ONE and job.args:
                rows.add(int(job.args[0]))
            elif job.func_name == SEND_BATCH and job.args:
                rows.update(int(i) for i in job.args[0])
    return rows


def alive_jobs(dispatcher: RQDispatcher, ids: list[int], name=job_id,  # type: ignore[no-untyped-def]
               now: datetime | None = None) -> set[int]:
    """The ids whose job will still run: waiting on a queue, scheduled and not overdue, or running with a
    heartbeat. An overdue scheduled job is taken off its schedule, so re-queueing it runs it once."""
    now = now or datetime.now(timezone.utc)
    jobs = Job.fetch_many([name(i) for i in ids], connection=dispatcher.redis, serializer=JSONSerializer)
    running = running_rows(dispatcher, now)
    alive = set()
    for i, job in zip(ids, jobs):
        status = job.get_status(refresh=False) if job is not None else None
        if status in WAITING or i in running:
            alive.add(i)
        elif status == JobStatus.SCHEDULED:
            registry = ScheduledJobRegistry(job.origin, connection=dispatcher.redis, serializer=JSONSerializer)
            try:
                due = _aware(registry.get_scheduled_time(job))
            except Exception:  # noqa: BLE001 - not in the registry any more: nothing will run it
                due = None
            if due is not None and due > now - OVERDUE:
                alive.add(i)
            else:
                registry.remove(job)
    return alive


def sweep(dispatcher: RQDispatcher, now: datetime | None = None, limit: int = 5000) -> list[int]:
    """Queue every forgotten row again; returns their ids."""
    now = now or datetime.now(timezone.utc)
    unit_of_work(dispatcher.engine, lambda conn: conn.execute(
        delete(waiting).where(waiting.c.received_at < now - REPORTS_KEPT)))
    with dispatcher.engine.connect() as conn:
        rows = candidates(conn, now, limit)
    if not rows:
        return []
    alive = alive_jobs(dispatcher, [row.id for row in rows], now=now)
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
    now = now or datetime.now(timezone.utc)
    with dispatcher.engine.connect() as conn:
        ids = list(conn.execute(select(inbound_queue.c.id).where(
            inbound_queue.c.status == "queued", inbound_queue.c.created_at < now - QUIET)
            .order_by(inbound_queue.c.id).limit(limit)).scalars())
    if ids:
        dispatcher.redis.delete(WAKE)
        dispatcher.wake_answerers()
    return ids

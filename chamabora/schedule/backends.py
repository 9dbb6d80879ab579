"""Where a firing runs. In production it becomes RQ jobs on the `schedule`
queue: one job per firing, then (for entries over chamas) one per batch of
chamas, which any number of workers share. Every job id is derived from
the entry, the firing time and the batch, and enqueued with `unique=True`,
so a second scheduler or a restarted one is refused by Redis; ids are kept
for two days after the job ends so a late duplicate is still refused. In
the local default, firings run at once in the scheduler's own process.
"""
from __future__ import annotations

import logging
from datetime import datetime

from redis import Redis
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.serializers import JSONSerializer

from chamabora.jobs.queues import SCHEDULE
from chamabora.ops.metrics import FIRINGS
from chamabora.schedule.clock import job_id, local
from chamabora.schedule.entries import Periodic
from chamabora.schedule.runner import run_firing
from chamabora.composition.root import Root

log = logging.getLogger(__name__)
QUEUE = SCHEDULE   # one of the worker command's default queues
KEEP_IDS = 2 * 86400
TIMEOUT = 1800
FIRE = "chamabora.worker.firings.fire"
RUN_BATCH = "chamabora.worker.firings.run_batch"


def retry() -> Retry:
    return Retry(max=3, interval=[60, 300, 900])


def schedule_queue(redis: Redis) -> Queue:
    return Queue(QUEUE, connection=redis, serializer=JSONSerializer)


def enqueue_unique(queue: Queue, func: str, args: tuple, job_id_: str) -> bool:  # type: ignore[type-arg]
    """True when queued; False when a job with this id exists (already queued, running or done)."""
    try:
        queue.enqueue(func, args=args, job_id=job_id_, unique=True, retry=retry(), job_timeout=TIMEOUT,
                      result_ttl=KEEP_IDS, failure_ttl=7 * 86400)
    except DuplicateJobError:
        log.info("%s is already queued or done", job_id_)
        return False
    return True


class RQBackend:
    def __init__(self, redis: Redis) -> None:
        self.queue = schedule_queue(redis)

    def fire(self, entry: Periodic, at: datetime) -> None:
        queued = enqueue_unique(self.queue, FIRE, (entry.id, local(at).isoformat()), job_id(entry, at))
        FIRINGS.labels(entry.id, "queued" if queued else "already_queued").inc()

    def fan_out(self, entry: Periodic, at: datetime, batches: list[list[int]]) -> int:
        """Queue each batch of chamas of a firing as its own job; returns how many were new."""
        stamp = local(at).isoformat()
        return sum(enqueue_unique(self.queue, RUN_BATCH, (entry.id, stamp, ids), f"{job_id(entry, at)}-{ids[0]}")
                   for ids in batches)


class InlineBackend:
    """The local default: run the firing now, in this process."""

    def __init__(self, services: Root) -> None:
        self.services = services

    def fire(self, entry: Periodic, at: datetime) -> None:
        try:
            run_firing(self.services, entry, at)
        except Exception:  # noqa: BLE001 - a failed firing is logged; the next firing or a rerun catches up
            FIRINGS.labels(entry.id, "failed").inc()
            log.exception("%s at %s failed", entry.id, local(at))
            return
        FIRINGS.labels(entry.id, "ran").inc()


def backend_for(services: Root) -> RQBackend | InlineBackend:
    return RQBackend(services.redis) if services.redis is not None else InlineBackend(services)

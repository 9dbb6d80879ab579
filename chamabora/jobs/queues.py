"""Queues named by purpose, and the dispatcher that hands committed outbox
rows to them.

Money goes first (M-Pesa callbacks, STK prompts, B2C payouts: a backlog of
chatter must never hold up a payment by more than the job in hand), replies
next (members are waiting), then receipts, notices and reminders, and the
schedule's firings last: a firing can run for many minutes, and a worker
should take one only when nobody is waiting on it.
Jobs carry only ids and are JSON-serialised. A retried job
backs off; a job id is unique per row, so the same row is never queued
twice while its job is alive (`worker/sweeper.py` checks before re-queueing).
"""
from __future__ import annotations

from collections import defaultdict
from uuid import uuid4
from collections.abc import Sequence

from redis import Redis
from rq import Queue, Retry
from rq.serializers import JSONSerializer
from sqlalchemy import Engine, select

from chamabora.ops.jobs import request_meta
from chamabora.outbox.store import Purpose, outbox

QUEUE_ORDER = (Purpose.MONEY, Purpose.REPLY, Purpose.RECEIPT, Purpose.NOTICE, Purpose.REMINDER)
SCHEDULE = "schedule"            # the calendar's firings (chamabora/schedule), not an outbox purpose
QUEUE_NAMES = tuple(p.value for p in QUEUE_ORDER) + (SCHEDULE,)
BACKOFF = (5, 30, 120, 600)     # seconds between retries of one row
BATCH_FROM = 50                 # this many rows in one commit go as batch jobs
BATCH_SIZE = 500
SEND_ONE = "chamabora.worker.tasks.send_outbox"
SEND_BATCH = "chamabora.worker.tasks.send_outbox_batch"
ANSWER = "chamabora.worker.tasks.answer_inbound"
ANSWER_WAITING = "chamabora.worker.tasks.answer_waiting_inbound"
WAKE = "chamabora:inbound:wake"   # set while an answering job is on its way
WAKE_SECONDS = 2                  # under a steady stream, another answering job joins this often


def job_id(message_id: int) -> str:
    return f"outbox-{message_id}"


def queue(redis: Redis, name: str) -> Queue:
    return Queue(name, connection=redis, serializer=JSONSerializer)


def queues(redis: Redis, names: Sequence[str] = QUEUE_NAMES) -> list[Queue]:
    return [queue(redis, name) for name in names]


class RQDispatcher:
    def __init__(self, engine: Engine, redis: Redis, backoff: Sequence[int] = BACKOFF) -> None:
        self.engine, self.redis, self.backoff = engine, redis, list(backoff)
        # built once: RQ resolves its serializer per Queue, ~40 µs on every webhook otherwise
        self.reply_queue = queue(redis, Purpose.REPLY.value)

    def retry(self) -> Retry:
        return Retry(max=len(self.backoff), interval=self.backoff)

    def purposes(self, message_ids: list[int], known: dict[int, str] | None = None) -> dict[str, list[int]]:
        """The ids by purpose: those in `known` as given, the rest read from the outbox."""
        known = known or {}
        grouped: dict[str, list[int]] = defaultdict(list)
        unknown = [message_id for message_id in message_ids if message_id not in known]
        for message_id in message_ids:
            if message_id in known:
                grouped[known[message_id]].append(message_id)
        if unknown:
            with self.engine.connect() as conn:
                rows = conn.execute(select(outbox.c.id, outbox.c.purpose).where(outbox.c.id.in_(unknown))).all()
            for message_id, purpose in rows:
                grouped[purpose].append(message_id)
        return grouped

    def dispatch(self, message_ids: list[int], purpose: str | None = None,
                 purposes: dict[int, str] | None = None) -> None:
        """Queue each row on its purpose's queue: `purpose` for all of them, or `purposes` per row
        (as the unit of work that queued them knew them), or read from the outbox."""
        grouped = {purpose: message_ids} if purpose else self.purposes(message_ids, purposes)
        for name, ids in grouped.items():
            if len(ids) >= BATCH_FROM:
                self.enqueue_batches(name, sorted(ids))
            else:
                self.enqueue_each(name, ids)

    def wake_answerers(self) -> None:
        """Stored inbound messages wait for an answering job on the reply queue, which answers every
        waiting message (tasks.answer_waiting_inbound). A webhook costs one small Redis command; an RQ job
        is queued only when none is on its way (WAKE unset). The job clears WAKE before each look
        for waiting rows, so a message stored after its last look finds WAKE unset and queues another."""
        if self.redis.set(WAKE, 1, nx=True, ex=WAKE_SECONDS):
            self.queue_answerer()

    def queue_answerer(self) -> None:
        with self.redis.pipeline() as pipe:  # RQ's queue registration and the job in one round trip
            self.reply_queue.enqueue_call(ANSWER_WAITING, job_id=f"inbound-answerer-{uuid4().hex}",
                                          retry=self.retry(), result_ttl=60, failure_ttl=7 * 86400, pipeline=pipe)
            pipe.execute()

    def enqueue_each(self, name: str, ids: list[int]) -> None:
        target, meta = queue(self.redis, name), request_meta()
        jobs = [Queue.prepare_data(SEND_ONE, args=(message_id,), job_id=job_id(message_id), retry=self.retry(),
                                   result_ttl=600, failure_ttl=7 * 86400, meta=meta) for message_id in ids]
        target.enqueue_many(jobs)

    def enqueue_batches(self, name: str, ids: list[int]) -> None:
        target = queue(self.redis, name)
        jobs = [Queue.prepare_data(SEND_BATCH, args=(ids[at:at + BATCH_SIZE],), retry=self.retry(),
                                   job_id=f"outbox-batch-{ids[at]}-{ids[min(at + BATCH_SIZE, len(ids)) - 1]}",
                                   result_ttl=600, failure_ttl=7 * 86400) for at in range(0, len(ids), BATCH_SIZE)]
        target.enqueue_many(jobs)

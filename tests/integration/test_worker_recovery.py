"""Workers recover on their own (real Redis): a row a killed worker left
mid-send is sent again within a minute, a retry whose scheduler died is run
once overdue, a Redis flush's lost jobs are re-queued by the next worker
round with no other process, and money is served before a backlog of
replies."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from rq import Queue, SimpleWorker
from rq.executions import Execution
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import select, update

from chamabora.outbox.dispatch import LeavePending
from chamabora.jobs.queues import SEND_ONE, job_id, queue, queues
from chamabora.worker.sweeper import sweep
from chamabora.worker.process import SWEEP_LOCK, SelfHealingWorker
from chamabora.services.mpesa.callbacks import callbacks
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.db.transaction import unit_of_work
from tests import daraja
from tests.helpers import make_chama, phone
from tests.integration.test_workers import Flaky, outbox, row, services  # noqa: F401


def queued_without_dispatch(services, text, n=1, purpose=Purpose.NOTICE):
    held = replace(services, dispatcher=LeavePending())
    message_id = held.run(lambda c: enqueue(c, Channel.SMS, phone(n), text, purpose=purpose))
    return message_id


def started_by_a_worker_that_died(services, message_id, heartbeat):
    """The job as RQ leaves it when its worker is SIGKILLed mid-send: started, its heartbeat stopped."""
    target = queue(services.redis, "notice")
    job = Job.create(SEND_ONE, args=(message_id,), id=job_id(message_id), connection=services.redis,
                     serializer=JSONSerializer, origin="notice")
    job.set_status(JobStatus.STARTED)
    job.started_at = heartbeat
    job.save()
    job.heartbeat(heartbeat, ttl=600)
    with services.redis.pipeline() as pipe:
        Execution.create(job, ttl=600, pipeline=pipe, worker_name="killed-worker")
        pipe.execute()
    assert StartedJobRegistry(queue=target).get_job_ids(cleanup=False) == [job.id]
    return job


def worker(services):
    return SelfHealingWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer,
                             services=services)


def test_a_row_a_killed_worker_left_mid_send_is_sent_again_within_a_minute(services):
    services.senders["sms"] = sender = Flaky()
    message_id = queued_without_dispatch(services, "cut short")
    died = datetime.now(timezone.utc) - timedelta(seconds=50)
    unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == message_id).values(
        status="sending", attempts=1, claimed_at=died)))
    started_by_a_worker_that_died(services, message_id, died)
    assert sweep(services.dispatcher) == [message_id]
    SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer).work(burst=True)
    assert sender.sent == [message_id] and row(services, message_id).status == "sent"


def test_a_row_whose_job_is_running_with_a_live_heartbeat_is_left_alone(services):
    message_id = queued_without_dispatch(services, "still sending")
    now = datetime.now(timezone.utc)
    unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == message_id).values(
        status="sending", attempts=1, claimed_at=now - timedelta(minutes=3))))
    started_by_a_worker_that_died(services, message_id, now - timedelta(seconds=5))
    assert sweep(services.dispatcher) == [] and row(services, message_id).status == "sending"


def test_a_retry_no_scheduler_moved_is_queued_once_it_is_overdue(services):
    services.senders["sms"] = sender = Flaky()
    message_id = queued_without_dispatch(services, "retry me")
    unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == message_id).values(
        status="failed", attempts=1, created_at=datetime.now(timezone.utc) - timedelta(minutes=5))))
    notice = Queue("notice", connection=services.redis, serializer=JSONSerializer)
    due = datetime.now(timezone.utc) - timedelta(seconds=40)  # its worker and scheduler died before then
    notice.enqueue_at(due, SEND_ONE, message_id, job_id=job_id(message_id))
    assert sweep(services.dispatcher) == [message_id]
    assert ScheduledJobRegistry(queue=notice).get_job_ids() == []
    SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer).work(burst=True)
    assert sender.sent == [message_id]


def test_a_retry_scheduled_for_later_is_left_to_its_scheduler(services):
    message_id = queued_without_dispatch(services, "not yet")
    unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == message_id).values(
        status="failed", attempts=1, created_at=datetime.now(timezone.utc) - timedelta(minutes=5))))
    notice = Queue("notice", connection=services.redis, serializer=JSONSerializer)
    notice.enqueue_at(datetime.now(timezone.utc) + timedelta(minutes=2), SEND_ONE, message_id,
                      job_id=job_id(message_id))
    assert sweep(services.dispatcher) == []


def test_after_a_redis_flush_the_worker_itself_requeues_the_lost_jobs(services):
    services.senders["sms"] = Flaky()
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "lost in the flush"))
    unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == message_id).values(
        created_at=datetime.now(timezone.utc) - timedelta(minutes=2))))
    services.redis.flushdb()
    one = worker(services)
    one.run_maintenance_tasks()  # what the worker does every few seconds, idle or busy
    one.work(burst=True)  # its work-horse (a forked process) sends it
    assert row(services, message_id).status == "sent"
    # a second worker's round moments later does nothing twice
    assert services.redis.exists(SWEEP_LOCK)


def test_callbacks_whose_drain_was_flushed_away_are_drained_by_the_next_worker_round(services, make_app, engine):
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=services.settings.redis_url)
    web = app.extensions["chamabora"]
    chama_id, ids = make_chama(engine, 3, contribution=1000)
    daraja.post(app.test_client(), "c2b/confirmation", daraja.c2b("RKTQDM7W6R", "500.00", "UMOJA-2"))
    unit_of_work(engine, lambda c: c.execute(update(callbacks).values(
        received_at=datetime.now(timezone.utc) - timedelta(minutes=1))))
    web.redis.flushdb()
    one = worker(services)
    one.run_maintenance_tasks()
    one.work(burst=True)
    with engine.connect() as conn:
        assert conn.execute(select(callbacks.c.status)).scalars().all() == ["applied"]


def test_money_is_served_before_a_backlog_of_replies(services, make_app, engine):
    services.senders["sms"] = Flaky()
    for n in range(20):
        services.run(lambda c, n=n: enqueue(c, Channel.SMS, phone(n + 1), f"reply {n}", purpose=Purpose.REPLY))
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=services.settings.redis_url)
    make_chama(engine, 3, contribution=1000)
    daraja.post(app.test_client(), "c2b/confirmation", daraja.c2b("RKTQDM7W6M", "500.00", "UMOJA-2"))
    SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer).work(
        burst=True, max_jobs=1)
    with engine.connect() as conn:
        assert conn.execute(select(callbacks.c.status)).scalars().all() == ["applied"]
        assert conn.execute(select(outbox.c.status).where(outbox.c.purpose == "reply")).scalars().all() \
            == ["pending"] * 20


def test_a_restarted_worker_takes_the_dead_ones_scheduler_lock_within_seconds_of_its_expiry(services, monkeypatch):
    from rq.scheduler import RQScheduler

    one = worker(services)
    locks = [RQScheduler.get_locking_key(q.name) for q in one.queues]
    for lock in locks:
        services.redis.set(lock, "the-killed-worker", ex=60)  # what the dead worker's scheduler left
    one.scheduler = RQScheduler(one.queues, connection=services.redis, serializer=JSONSerializer)
    started = []
    monkeypatch.setattr(one.scheduler, "start", lambda: started.append(True))  # no process forked in a test
    one.scheduler.acquire_locks(auto_start=True)
    assert started == [] and "notice" not in one.scheduler.acquired_locks
    services.redis.delete(*locks)  # the dead worker's locks expire
    one.last_cleaned_at = datetime.now(timezone.utc) - timedelta(seconds=16)
    assert one.should_run_maintenance_tasks  # every 15 s, where RQ's own worker waits 10 minutes
    one.run_maintenance_tasks()
    assert started == [True] and "notice" in one.scheduler.acquired_locks
    one.scheduler.release_locks()

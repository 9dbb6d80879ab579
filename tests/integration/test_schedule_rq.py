"""The schedule on RQ and real Redis: a firing becomes one job whose id every
scheduler derives alike, so two schedulers (or a restarted one) queue it
once; a worker runs it, fanning out one job per batch of chamas; the
reminders land in the outbox once."""
import os
from datetime import datetime

import pytest
import redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import select

from chamabora.core.schedule import NAIROBI
from chamabora.worker import tasks as job_tasks
from chamabora.outbox.store import outbox
from chamabora.schedule import runner
from chamabora.schedule.backends import RQBackend, schedule_queue
from chamabora.schedule.clock import Clock
from chamabora.schedule.entries import BY_ID
from chamabora.worker.firings import effective
from tests.helpers import make_chama, phone
from tests.integration.notify_helpers import ANCHOR, second_chama

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NINE = datetime(2027, 3, 8, 9, 0, tzinfo=NAIROBI)


@pytest.fixture
def rq_app(engine, make_app):
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    job_tasks.use(app.extensions["chamabora"])
    yield app
    job_tasks.use(None)
    connection.flushdb()
    connection.close()


@pytest.fixture
def services(rq_app):
    return rq_app.extensions["chamabora"]


def work_until_empty(services):
    worker = SimpleWorker([schedule_queue(services.redis)], connection=services.redis, serializer=JSONSerializer)
    worker.work(burst=True)


def test_two_schedulers_queue_a_firing_once(services):
    fired = [Clock([BY_ID["contribution-reminders"]], RQBackend(services.redis).fire) for _ in range(2)]
    for clock in fired:
        clock.tick(NINE)
    queue = schedule_queue(services.redis)
    assert queue.job_ids == ["schedule-contribution-reminders-20270308T0900"]


def test_a_worker_runs_the_firing_in_batches_and_a_late_duplicate_is_refused(services, monkeypatch):
    monkeypatch.setattr(runner, "BATCH_SIZE", 1)
    make_chama(services.engine, 3, anchor=ANCHOR)
    second_chama(services, phone(1), [10, 11])
    backend = RQBackend(services.redis)
    backend.fire(BY_ID["contribution-reminders"], NINE)
    work_until_empty(services)
    with services.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.recipient).where(outbox.c.purpose == "reminder")).all()
    assert len(rows) == 6
    backend.fire(BY_ID["contribution-reminders"], NINE)     # a restarted scheduler catching up
    assert schedule_queue(services.redis).count == 0
    finished = schedule_queue(services.redis).finished_job_registry.get_job_ids()
    assert sorted(finished) == ["schedule-contribution-reminders-20270308T0900",
                                "schedule-contribution-reminders-20270308T0900-1",
                                "schedule-contribution-reminders-20270308T0900-2"]


def test_a_job_run_long_after_its_firing_judges_quiet_hours_by_the_wall_clock():
    assert effective(NINE, NINE.replace(hour=9, minute=20)) == NINE
    late = NINE.replace(hour=22)
    assert effective(NINE, late) == late


def test_the_worker_command_runs_the_schedules_firings_on_its_default_queues(rq_app, services):
    make_chama(services.engine, 3, anchor=ANCHOR)
    RQBackend(services.redis).fire(BY_ID["contribution-reminders"], NINE)
    with rq_app.app_context():   # `flask --app app` pushes one for the command, as FlaskGroup does
        result = rq_app.test_cli_runner().invoke(args=["worker", "--burst", "--no-scheduler"])
    assert result.exit_code == 0, result.output
    queue = schedule_queue(services.redis)
    assert queue.count == 0
    assert "schedule-contribution-reminders-20270308T0900" in queue.finished_job_registry.get_job_ids()
    with services.engine.connect() as conn:
        statuses = conn.execute(select(outbox.c.status).where(outbox.c.purpose == "reminder")).scalars().all()
    assert statuses == ["sent"] * 3     # the same worker then sent the reminders the firing queued

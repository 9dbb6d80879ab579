"""RQ workers on real Redis: one job per outbox row on its purpose queue,
retries that send once, a killed work-horse's job retried, batches for bulk
notices, and the sweeper re-queueing what a crash left behind."""
import os
from dataclasses import replace
import signal
from datetime import datetime, timedelta, timezone

import pytest
import redis
from rq import Queue, SimpleWorker, Worker
from rq.serializers import JSONSerializer
from sqlalchemy import select, update

from chamabora.core.ports import SendFailed, Sent
from chamabora.worker import tasks
from chamabora.jobs.queues import QUEUE_NAMES, RQDispatcher, queues
from chamabora.worker.sweeper import sweep
from chamabora.outbox.dispatch import LeavePending
from chamabora.outbox.store import Channel, Purpose, enqueue, outbox
from chamabora.services.records import members
from chamabora.db.transaction import unit_of_work
from tests.helpers import phone

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class Flaky:
    """Fails `failures` times, then sends; `marker` makes the count survive a fork."""

    def __init__(self, failures=0, marker=None):
        self.failures, self.calls, self.sent, self.marker = failures, 0, [], marker

    def send(self, message):
        self.calls += 1
        if self.calls <= self.failures:
            raise SendFailed("gateway timeout")
        self.sent.append(message.id)
        return Sent("flaky", f"flaky-{message.id}")


class DiesOnce:
    """Kills the work-horse running it the first time (as an OOM kill would), then sends."""

    def __init__(self, marker):
        self.marker = marker

    def send(self, message):
        if not self.marker.exists():
            self.marker.write_text("died")
            os.kill(os.getpid(), signal.SIGKILL)
        return Sent("survivor", f"ok-{message.id}")


class DiesAfterAccepting:
    """The provider takes the message, then the work-horse is killed before the outcome is recorded
    (the crash that could send twice). Every provider call is written to `calls` (it survives the fork)."""

    def __init__(self, calls):
        self.path = calls

    def calls(self):
        return self.path.read_text().split() if self.path.exists() else []

    def send(self, message):
        with self.path.open("a") as log:
            log.write(f"{message.id}\n")
        if len(self.calls()) == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return Sent("gateway", f"gw-{message.id}")


class DiesAfterAcceptingAndKeepsLogs(DiesAfterAccepting):
    """A provider that can say whether it has a message we named (Infobip's logs)."""

    def find_sent(self, message):
        return Sent("gateway", f"gw-{message.id}") if str(message.id) in self.calls() else None


@pytest.fixture
def services(engine, make_app):
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    built = app.extensions["chamabora"]
    dispatcher = RQDispatcher(built.engine, built.redis, backoff=(0, 0, 0))
    services = replace(built, dispatcher=dispatcher, jobs=dispatcher)
    tasks.use(services)
    yield services
    tasks.use(None)
    connection.flushdb()


def row(services, message_id):
    with services.engine.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.id == message_id)).one()


def drain(services, worker_class=SimpleWorker):
    worker = worker_class(queues(services.redis), connection=services.redis, serializer=JSONSerializer)
    worker.work(burst=True)


def test_a_committed_row_is_one_job_on_its_purpose_queue_with_a_unique_id(services):
    reply = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Asante", purpose=Purpose.REPLY))
    notice = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Mkutano", purpose=Purpose.NOTICE))
    assert Queue("reply", connection=services.redis).job_ids == [f"outbox-{reply}"]
    assert Queue("notice", connection=services.redis).job_ids == [f"outbox-{notice}"]
    assert row(services, reply).status == "pending" and QUEUE_NAMES[:2] == ("money", "reply")


def test_the_rows_a_unit_of_work_queued_are_dispatched_without_reading_their_purpose_back(services):
    from sqlalchemy import event

    reads = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "outbox" in statement:
            reads.append(statement)

    def work(conn):
        return [enqueue(conn, Channel.SMS, phone(1), "Asante", purpose=Purpose.REPLY),
                enqueue(conn, Channel.SMS, phone(2), "Receipt", purpose=Purpose.RECEIPT)]

    event.listen(services.engine, "before_cursor_execute", count)
    try:
        reply, receipt = services.run(work)
    finally:
        event.remove(services.engine, "before_cursor_execute", count)
    assert reads == []
    assert Queue("reply", connection=services.redis).job_ids == [f"outbox-{reply}"]
    assert Queue("receipt", connection=services.redis).job_ids == [f"outbox-{receipt}"]


def test_a_job_that_fails_twice_then_succeeds_sends_once(services):
    services.senders["sms"] = sender = Flaky(failures=2)
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Asante", purpose=Purpose.REPLY))
    drain(services)
    sent = row(services, message_id)
    assert (sender.calls, sender.sent) == (3, [message_id])
    assert (sent.status, sent.attempts, sent.provider_message_id) == ("sent", 3, f"flaky-{message_id}")
    services.dispatcher.dispatch([message_id])  # a duplicate job for a sent row sends nothing
    drain(services)
    assert sender.sent == [message_id]


def test_a_job_whose_retries_run_out_leaves_the_row_failed(services):
    services.senders["sms"] = sender = Flaky(failures=10)
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Asante", purpose=Purpose.REPLY))
    drain(services)
    failed = row(services, message_id)
    assert (sender.calls, failed.status, failed.attempts, failed.last_error) == (4, "failed", 4, "gateway timeout")


def test_a_killed_work_horses_job_is_retried_and_the_row_ends_sent(services, tmp_path):
    services.senders["sms"] = DiesOnce(tmp_path / "died")
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Asante", purpose=Purpose.REPLY))
    drain(services, Worker)  # forks a work-horse per job, as production does
    sent = row(services, message_id)
    assert (tmp_path / "died").exists()
    assert (sent.status, sent.attempts, sent.provider_message_id) == ("sent", 2, f"ok-{message_id}")


def test_bulk_notices_go_as_batch_jobs_and_skip_members_who_said_stop(services):
    services.senders["sms"] = sender = Flaky()

    def many(conn):
        conn.execute(members.insert(), [{"phone": phone(n), "name": f"M{n}", "language": "en", "opted_out": n == 3}
                                        for n in range(1, 121)])
        return [enqueue(conn, Channel.SMS, phone(n), "Contribution due Friday", purpose=Purpose.REMINDER)
                for n in range(1, 121)]

    ids = services.run(many)
    assert Queue("reminder", connection=services.redis).count == 1  # one batch job, not 120
    drain(services)
    statuses = [row(services, message_id).status for message_id in ids]
    assert statuses.count("sent") == 119 and statuses[2] == "skipped" and len(sender.sent) == 119


def test_the_sweeper_requeues_rows_a_crash_left_behind_and_leaves_live_jobs_alone(services):
    services.senders["sms"] = sender = Flaky()
    held = replace(services, dispatcher=LeavePending())  # the web process dies right after commit
    forgotten = held.run(lambda c: enqueue(c, Channel.SMS, phone(1), "never queued"))
    stuck = held.run(lambda c: enqueue(c, Channel.SMS, phone(2), "worker died"))
    unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == stuck)
                                                      .values(status="sending", attempts=1)))
    queued = services.run(lambda c: enqueue(c, Channel.SMS, phone(3), "already queued"))
    later = datetime.now(timezone.utc) + timedelta(minutes=20)
    assert sorted(sweep(services.dispatcher, now=later)) == sorted([forgotten, stuck])
    assert Queue("notice", connection=services.redis).count == 3
    drain(services)
    assert sorted(sender.sent) == sorted([forgotten, stuck, queued])
    assert sweep(services.dispatcher, now=later) == []


def test_with_rq_an_sms_is_acknowledged_at_once_and_answered_once_by_a_worker(services, make_app, engine):
    from chamabora.channels.sms.deferred import inbound_queue
    from chamabora.worker.sweeper import sweep_inbound
    from tests.e2e.messaging import TOKEN, at_sms

    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    app.extensions["chamabora"] = services
    services.senders["sms"] = sender = Flaky()
    client = app.test_client()
    form = at_sms(phone(1), "REGISTER Jane Wanjiru", "ATXid_later")
    assert client.post(f"/sms/africastalking?token={TOKEN}", data=form).status_code == 200
    assert client.post(f"/sms/africastalking?token={TOKEN}", data=form).status_code == 200  # AT's retry
    [answerer] = Queue("reply", connection=services.redis).job_ids  # one answering job, not one a message
    assert answerer.startswith("inbound-answerer-")
    drain(services)
    with services.engine.connect() as conn:
        assert conn.execute(select(inbound_queue.c.status)).scalars().all() == ["answered"]
        [reply] = conn.execute(select(outbox)).all()
    assert reply.body.startswith("Karibu Jane Wanjiru!") and reply.status == "sent" and sender.sent == [reply.id]
    assert sweep_inbound(services.dispatcher, now=datetime.now(timezone.utc) + timedelta(minutes=5)) == []


def test_an_sms_whose_worker_died_after_the_provider_took_it_is_looked_up_not_sent_again(services, tmp_path):
    services.senders["sms"] = sender = DiesAfterAcceptingAndKeepsLogs(tmp_path / "calls")
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Asante", purpose=Purpose.RECEIPT))
    drain(services, Worker)
    sent = row(services, message_id)
    assert sender.calls() == [str(message_id)]  # one provider call, though the job ran twice
    assert (sent.status, sent.attempts, sent.provider_message_id) == ("sent", 2, f"gw-{message_id}")


def test_where_the_provider_cannot_tell_an_interrupted_notice_is_sent_again_rather_than_lost(services, tmp_path):
    services.senders["sms"] = sender = DiesAfterAccepting(tmp_path / "calls")
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Mkutano Jumamosi"))
    drain(services, Worker)
    sent = row(services, message_id)
    assert sender.calls() == [str(message_id)] * 2 and (sent.status, sent.attempts) == ("sent", 2)


def test_an_stk_prompt_whose_worker_died_mid_send_is_never_sent_again(services, tmp_path):
    services.senders["stk_push"] = sender = DiesAfterAccepting(tmp_path / "calls")
    message_id = services.run(lambda c: enqueue(c, Channel.STK_PUSH, phone(1), purpose=Purpose.MONEY,
                                                payload={"amount_cents": 50000}))
    drain(services, Worker)
    unknown = row(services, message_id)
    assert sender.calls() == [str(message_id)]
    assert (unknown.status, unknown.sent_at) == ("unknown", None) and "not sent again" in unknown.last_error
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert sweep(services.dispatcher, now=later) == []  # the sweeper leaves it alone too
    drain(services, Worker)
    assert sender.calls() == [str(message_id)]


def test_a_member_whose_stk_prompt_may_never_have_been_sent_is_told_to_pay_again_if_none_came(services, tmp_path):
    from tests.helpers import make_chama

    chama_id, ids = make_chama(services.engine, 2)
    services.senders["stk_push"] = DiesAfterAccepting(tmp_path / "calls")
    message_id = services.run(lambda c: enqueue(c, Channel.STK_PUSH, phone(ids[1]), purpose=Purpose.MONEY,
                                                member_id=ids[1], chama_id=chama_id,
                                                payload={"amount_cents": 50000}))
    drain(services, Worker)
    assert row(services, message_id).status == "unknown"
    with services.engine.connect() as conn:
        [told] = conn.execute(select(outbox).where(outbox.c.channel == "sms")).all()
    assert told.recipient == phone(ids[1]) and told.member_id == ids[1]
    assert told.body == ("We are not sure the M-Pesa prompt for KES 500 to Umoja reached you. If not, send PAY 500. "
                         "If you paid, your receipt will follow.")
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert sweep(services.dispatcher, now=later) == [told.id]  # queued by the sweeper like any row left behind
    drain(services, Worker)
    assert row(services, told.id).status == "sent"
    with services.engine.connect() as conn:  # the prompt is still never sent again, and the notice is once
        assert conn.execute(select(outbox.c.id).where(outbox.c.channel == "sms")).all() == [(told.id,)]


def test_the_sweeper_counts_the_lease_from_the_attempt_not_the_rows_age(services):
    services.senders["sms"] = sender = Flaky()
    held = replace(services, dispatcher=LeavePending())
    old, now = datetime.now(timezone.utc) - timedelta(hours=2), datetime.now(timezone.utc)
    in_flight = held.run(lambda c: enqueue(c, Channel.SMS, phone(1), "a batch job is sending me"))
    abandoned = held.run(lambda c: enqueue(c, Channel.SMS, phone(2), "my worker died"))
    for message_id, claimed in ((in_flight, now), (abandoned, old)):
        unit_of_work(services.engine, lambda c: c.execute(update(outbox).where(outbox.c.id == message_id).values(
            status="sending", attempts=1, created_at=old, claimed_at=claimed)))
    assert sweep(services.dispatcher) == [abandoned]
    assert (row(services, in_flight).status, row(services, abandoned).status) == ("sending", "interrupted")
    drain(services)
    assert sender.sent == [abandoned] and row(services, abandoned).status == "sent"


def test_a_batch_applies_delivery_reports_that_came_before_it_recorded_sent(services):
    from chamabora.outbox.reports import DeliveryReport, record_reports
    from chamabora.outbox.store import Status

    services.senders["sms"] = Flaky()
    held = replace(services, dispatcher=LeavePending())
    ids = held.run(lambda c: [enqueue(c, Channel.SMS, phone(n), "Contribution due Friday",
                                      purpose=Purpose.REMINDER) for n in range(1, 61)])
    early = DeliveryReport("flaky", f"flaky-{ids[5]}", Status.DELIVERED, "DELIVERED_TO_HANDSET")
    assert record_reports(services.run, [early]) == 0  # kept: no row carries that id yet
    services.dispatcher.dispatch(ids)
    drain(services)
    statuses = [row(services, message_id).status for message_id in ids]
    assert statuses[5] == "delivered" and statuses.count("sent") == 59


def test_with_rq_an_infobip_batch_is_stored_and_queued_in_one_go_and_its_retry_adds_nothing(services, make_app,
                                                                                            engine):
    from chamabora.channels.sms.deferred import inbound_queue
    from tests.e2e.messaging import TOKEN, infobip_sms

    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    app.extensions["chamabora"] = services
    services.senders["sms"] = sender = Flaky()
    client = app.test_client()
    body = infobip_sms(("ib-1", phone(1), "REGISTER Jane Wanjiru"), ("ib-2", phone(2), "SAJILI Otieno Ouma"),
                       ("ib-3", phone(3), "HELP"))
    assert client.post(f"/sms/infobip?token={TOKEN}", json=body).status_code == 200
    assert client.post(f"/sms/infobip?token={TOKEN}", json=body).status_code == 200  # Infobip's retry
    assert len(Queue("reply", connection=services.redis).job_ids) == 1  # one job answers the whole batch
    drain(services)
    with services.engine.connect() as conn:
        assert conn.execute(select(inbound_queue.c.status)).scalars().all() == ["answered"] * 3
        replies = conn.execute(select(outbox).order_by(outbox.c.id)).all()
    assert [r.recipient for r in replies] == [phone(1), phone(2), phone(3)] and len(sender.sent) == 3


def test_a_message_stored_after_the_answering_jobs_last_look_wakes_another(services, make_app, engine):
    from chamabora.jobs.queues import WAKE
    from chamabora.channels.sms.deferred import inbound_queue
    from tests.e2e.messaging import TOKEN, at_sms

    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    app.extensions["chamabora"] = services
    services.senders["sms"] = sender = Flaky()
    client = app.test_client()
    for n in (1, 2):
        assert client.post(f"/sms/africastalking?token={TOKEN}", data=at_sms(phone(n), "HELP")).status_code == 200
    assert Queue("reply", connection=services.redis).count == 1  # the second found an answering job on its way
    drain(services)
    assert not services.redis.exists(WAKE)  # the job cleared it before its last look
    assert client.post(f"/sms/africastalking?token={TOKEN}", data=at_sms(phone(3), "HELP")).status_code == 200
    assert Queue("reply", connection=services.redis).count == 1
    drain(services)
    with services.engine.connect() as conn:
        assert conn.execute(select(inbound_queue.c.status)).scalars().all() == ["answered"] * 3
    assert len(sender.sent) == 3


def test_a_message_whose_answer_fails_is_left_for_the_sweeper_and_the_others_are_answered(services, make_app,
                                                                                          engine, monkeypatch):
    from chamabora.worker.sweeper import sweep_inbound
    from chamabora.channels.sms import deferred
    from tests.e2e.messaging import TOKEN, at_sms

    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    app.extensions["chamabora"] = services
    services.senders["sms"] = Flaky()
    client = app.test_client()
    for n, text in ((1, "HELP"), (2, "BAL"), (3, "HELP")):
        assert client.post(f"/sms/africastalking?token={TOKEN}", data=at_sms(phone(n), text)).status_code == 200
    real = deferred.answer

    def breaks_on_bal(conn, inbound):
        if inbound.text == "BAL":
            raise RuntimeError("a bug in one handler")
        return real(conn, inbound)

    monkeypatch.setattr(deferred, "answer", breaks_on_bal)
    drain(services)
    with services.engine.connect() as conn:
        statuses = conn.execute(select(deferred.inbound_queue.c.status).order_by(deferred.inbound_queue.c.id)).all()
    assert [s for (s,) in statuses] == ["answered", "queued", "answered"]
    monkeypatch.setattr(deferred, "answer", real)
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    assert sweep_inbound(services.dispatcher, now=later) == [2]
    drain(services)
    assert sweep_inbound(services.dispatcher, now=later) == []


def test_an_answering_job_that_reaches_its_limit_hands_the_rest_to_a_fresh_job(services, make_app, engine):
    from tests.e2e.messaging import TOKEN, at_sms

    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    app.extensions["chamabora"] = services
    services.senders["sms"] = sender = Flaky()
    client = app.test_client()
    for n in (1, 2, 3):
        assert client.post(f"/sms/africastalking?token={TOKEN}", data=at_sms(phone(n), "HELP")).status_code == 200
    assert tasks.answer_waiting_inbound(limit=2) == 2
    answerers = [j for j in Queue("reply", connection=services.redis).job_ids if j.startswith("inbound-answerer-")]
    assert len(answerers) == 2  # the first wake's job, and the hand-over (beside the two replies' send jobs)
    drain(services)
    assert len(sender.sent) == 3

"""The outbox: rows written with the change that caused them, dispatched only
after commit, sent once however often a job runs."""
from dataclasses import replace

import pytest

from chamabora.core.errors import InvalidInput
from chamabora.core.ports import SendFailed, Sent
from chamabora.outbox.sending import RecordingSender, send_one
from chamabora.outbox.store import Channel, Purpose, Status, enqueue, outbox
from sqlalchemy import select


def rows(engine):
    with engine.connect() as conn:
        return conn.execute(select(outbox).order_by(outbox.c.id)).all()


def test_a_message_is_sent_only_after_its_transaction_commits(app):
    services = app.extensions["chamabora"]
    message_id = services.run(lambda c: enqueue(c, Channel.SMS, "+254712345678", "Asante!", purpose=Purpose.REPLY))
    [row] = rows(services.engine)
    assert (row.id, row.status, row.provider, row.attempts) == (message_id, "sent", "simulator", 1)


def test_a_rolled_back_change_leaves_no_message_and_sends_nothing(app):
    services = app.extensions["chamabora"]

    def fail(conn):
        enqueue(conn, Channel.SMS, "+254712345678", "never")
        raise InvalidInput("refused later in the same unit of work")

    with pytest.raises(InvalidInput):
        services.run(fail)
    assert rows(services.engine) == []


def test_a_dedupe_key_adds_a_message_once(app):
    services = app.extensions["chamabora"]
    first = services.run(lambda c: enqueue(c, Channel.SMS, "+254712345678", "Reminder", dedupe_key="remind:1"))
    again = services.run(lambda c: enqueue(c, Channel.SMS, "+254712345678", "Reminder", dedupe_key="remind:1"))
    assert first is not None and again is None and len(rows(services.engine)) == 1


class Flaky:
    def __init__(self, failures):
        self.failures, self.calls = failures, 0

    def send(self, message):
        self.calls += 1
        if self.calls <= self.failures:
            raise SendFailed("gateway timeout")
        return Sent("flaky", f"id-{message.id}")


def test_a_send_that_fails_twice_then_succeeds_sends_once_and_never_again(engine):
    from chamabora.db.transaction import unit_of_work

    message_id = unit_of_work(engine, lambda c: enqueue(c, Channel.SMS, "+254712345678", "hi"))
    sender = Flaky(2)
    for _ in range(2):
        with pytest.raises(SendFailed):
            send_one(engine, {"sms": sender}, message_id)
    assert send_one(engine, {"sms": sender}, message_id) is Status.SENT
    assert send_one(engine, {"sms": sender}, message_id) is None
    [row] = rows(engine)
    assert (sender.calls, row.status, row.attempts, row.provider_message_id) == (3, "sent", 3, f"id-{message_id}")


def test_a_channel_without_a_sender_fails_permanently(engine):
    from chamabora.db.transaction import unit_of_work

    message_id = unit_of_work(engine, lambda c: enqueue(c, Channel.EMAIL, "t@example.org", "statement"))
    assert send_one(engine, {"sms": RecordingSender()}, message_id) is Status.FAILED
    assert rows(engine)[0].last_error == "no sender for channel email"


def test_the_simulator_page_shows_the_outbox_as_json_and_html(app, client):
    services = app.extensions["chamabora"]
    services.run(lambda c: enqueue(c, Channel.WHATSAPP, "+254712345678", "Karibu Umoja"))
    body = client.get("/simulator/outbox?format=json").get_json()
    assert body["messages"][0]["body"] == "Karibu Umoja" and body["messages"][0]["channel"] == "whatsapp"
    assert b"Karibu Umoja" in client.get("/simulator/outbox").data


def test_ids_left_on_a_pooled_connection_are_not_dispatched_by_the_next_unit_of_work(app):
    from chamabora.db.transaction import unit_of_work

    sent, known = [], {}

    class Recorder:
        def dispatch(self, ids, purposes=None):
            sent.extend(ids)
            known.update(purposes or {})

    services = replace(app.extensions["chamabora"], dispatcher=Recorder())
    stale = unit_of_work(services.engine, lambda c: enqueue(c, Channel.SMS, "+254712345678", "left behind"))
    fresh = services.run(lambda c: enqueue(c, Channel.SMS, "+254712345678", "this one", purpose=Purpose.RECEIPT))
    assert sent == [fresh] and stale not in sent
    assert known == {fresh: "receipt"}  # known from the queueing itself: no query to find it


class LooksUp:
    """A provider with logs: the first lookup cannot reach it, the second says it never got the message."""

    def __init__(self):
        self.lookups, self.sent = 0, []

    def find_sent(self, message):
        self.lookups += 1
        if self.lookups == 1:
            raise SendFailed("logs unreachable")
        return None

    def send(self, message):
        self.sent.append(message.id)
        return Sent("logs", f"id-{message.id}")


def test_an_interrupted_row_stays_interrupted_until_the_provider_has_been_asked(engine):
    from chamabora.outbox.store import release_interrupted
    from chamabora.db.transaction import unit_of_work
    from sqlalchemy import update

    message_id = unit_of_work(engine, lambda c: enqueue(c, Channel.SMS, "+254712345678", "Risiti"))
    unit_of_work(engine, lambda c: c.execute(update(outbox).values(status="sending", attempts=1)))
    unit_of_work(engine, lambda c: release_interrupted(c, [message_id]))
    sender = LooksUp()
    with pytest.raises(SendFailed):
        send_one(engine, {"sms": sender}, message_id)
    assert (rows(engine)[0].status, sender.sent) == ("interrupted", [])  # not 'failed': the next try must look too
    assert send_one(engine, {"sms": sender}, message_id) is Status.SENT
    assert (sender.lookups, sender.sent, rows(engine)[0].attempts) == (2, [message_id], 3)

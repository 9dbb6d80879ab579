"""A chama's month and a half on a controlled clock: the scheduler ticks every
hour, members pay, one sends STOP, and the outbox holds exactly the reminders
a member would expect, none in the quiet hours, none after STOP, none twice
when the calendar is replayed; the cycle closes once and fines the late once.
"""
import json
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import select

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.services.notices.preferences import set_preferences
from chamabora.outbox.store import outbox
from chamabora.schedule.backends import InlineBackend
from chamabora.schedule.clock import Clock
from chamabora.schedule.entries import BY_ID
from chamabora.services.contributions import payments
from chamabora.services.contributions.dues import dues
from chamabora.services.records import memberships
from tests.helpers import make_chama, phone, snapshot

ANCHOR = date(2027, 3, 10)        # cycle 0 due 10 March, cycle 1 due 10 April; grace 3 days
START = datetime(2027, 3, 1, 0, 0, tzinfo=NAIROBI)
END = datetime(2027, 4, 12, 23, 0, tzinfo=NAIROBI)
ENTRIES = [BY_ID["close-cycles"], BY_ID["contribution-reminders"]]
message_ids = count(1)


def hours(start, end):
    moment = start
    while moment <= end:
        yield moment
        moment += timedelta(hours=1)


def say(services, who, text, moment):
    inbound = Inbound(ChannelKind.SMS, phone(who), text, moment, "africastalking", f"ATXid_{next(message_ids)}")
    return services.run(lambda conn: answer(conn, inbound)).text


def pay(services, chama_id, member_id, shillings, day, ref):
    services.run(lambda conn: payments.record_payment(conn, chama_id, member_id, Money.shillings(shillings),
                                                      f"manual:{ref}", day))


def reminders(services):
    with services.engine.connect() as conn:
        rows = conn.execute(select(outbox).where(outbox.c.purpose == "reminder").order_by(outbox.c.id)).all()
    return rows


@pytest.fixture
def month(app):
    """Five members: 1 chair pays late on the due day, 2 (Swahili) pays early, 3 sends STOP and never pays,
    4 never pays, 5 asked for night reminders and pays nothing."""
    services = app.extensions["chamabora"]
    chama_id, ids = make_chama(services.engine, 5, contribution=1000, anchor=ANCHOR, grace=3)
    services.run(lambda conn: set_preferences(conn, ids[4], night_reminders=True))
    say(services, 2, "LUGHA SW", START)
    events = {
        datetime(2027, 3, 9, 12, tzinfo=NAIROBI): lambda: pay(services, chama_id, ids[1], 1000, date(2027, 3, 9), "M2"),
        datetime(2027, 3, 9, 13, tzinfo=NAIROBI): lambda: say(services, 3, "STOP", datetime(2027, 3, 9, 13, tzinfo=NAIROBI)),
        datetime(2027, 3, 10, 12, tzinfo=NAIROBI): lambda: pay(services, chama_id, ids[0], 1000, date(2027, 3, 10), "M1"),
    }
    return services, chama_id, ids, events


def live_through(services, events, clocks):
    for moment in hours(START, END):
        if moment in events:
            events[moment]()
        for clock in clocks:
            clock.tick(moment)


def test_a_month_of_reminders_is_exactly_what_members_expect(month):
    services, chama_id, ids, events = month
    live_through(services, events, [Clock(ENTRIES, InlineBackend(services).fire)])
    got = sorted((ids.index(r.member_id) + 1, json.loads(r.payload)["at"][:10]) for r in reminders(services))
    assert got == sorted([
        (1, "2027-03-08"), (1, "2027-03-10"), (2, "2027-03-08"), (3, "2027-03-08"),
        (4, "2027-03-08"), (4, "2027-03-10"), (5, "2027-03-08"), (5, "2027-03-10"),
        (1, "2027-04-08"), (1, "2027-04-10"), (2, "2027-04-08"), (2, "2027-04-10"),
        (4, "2027-04-08"), (4, "2027-04-10"), (5, "2027-04-08"), (5, "2027-04-10")])


def test_reminders_go_out_at_the_reminder_hour_never_in_quiet_hours(month):
    services, _chama_id, _ids, events = month
    live_through(services, events, [Clock(ENTRIES, InlineBackend(services).fire)])
    moments = {json.loads(r.payload)["at"][11:16] for r in reminders(services)}
    assert moments == {"09:00"}


def test_reminders_name_the_amount_arrears_fines_and_the_one_step_to_pay(month):
    services, _chama_id, ids, events = month
    live_through(services, events, [Clock(ENTRIES, InlineBackend(services).fire)])
    bodies = {(r.member_id, json.loads(r.payload)["at"][:10]): r.body for r in reminders(services)}
    assert bodies[(ids[3], "2027-03-08")] == (
        "Umoja: your contribution of KES 1,000 is due on 10/03/2027. To pay KES 1,000, reply PAY 1000.")
    assert bodies[(ids[3], "2027-04-10")] == (
        "Umoja: your contribution of KES 1,000 is due today. You also owe KES 1,000 in arrears and KES 100 "
        "in fines. To pay KES 2,100, reply PAY 2100.")
    assert bodies[(ids[1], "2027-04-08")] == (
        "Umoja: mchango wako wa KES 1,000 unatakiwa kulipwa tarehe 10/04/2027. Kulipa KES 1,000, jibu LIPA 1000.")


def test_nobody_hears_a_reminder_after_sending_stop(month):
    services, _chama_id, ids, events = month
    live_through(services, events, [Clock(ENTRIES, InlineBackend(services).fire)])
    stopped_at = datetime(2027, 3, 9, 13, tzinfo=NAIROBI).isoformat(timespec="minutes")
    after = [r for r in reminders(services) if r.member_id == ids[2] and json.loads(r.payload)["at"] > stopped_at]
    assert after == []


def test_two_schedulers_and_a_replayed_month_send_nothing_twice(month):
    services, _chama_id, _ids, events = month
    inline = InlineBackend(services)
    live_through(services, events, [Clock(ENTRIES, inline.fire), Clock(ENTRIES, inline.fire)])
    once = snapshot(services.engine)
    live_through(services, {}, [Clock(ENTRIES, inline.fire)])
    assert snapshot(services.engine) == once
    assert len(reminders(services)) == 16


def test_the_cycle_closes_once_and_fines_exactly_the_late_members(month):
    services, chama_id, ids, events = month
    live_through(services, events, [Clock(ENTRIES, InlineBackend(services).fire)])
    with services.engine.connect() as conn:
        fined = conn.execute(select(memberships.c.member_id, dues.c.amount_cents)
                             .join(memberships, memberships.c.id == dues.c.membership_id)
                             .where(dues.c.chama_id == chama_id, dues.c.kind == "fine")
                             .order_by(memberships.c.member_id)).all()
        asks = conn.execute(select(outbox.c.recipient, outbox.c.body).where(
            outbox.c.payload.like('%payout_request%'))).all()
    assert [tuple(row) for row in fined] == [(ids[2], 10000), (ids[3], 10000), (ids[4], 10000)]
    assert len(asks) == 1 and asks[0].recipient == phone(1)
    assert "cycle 1 closed. Member 1 gets" in asks[0].body

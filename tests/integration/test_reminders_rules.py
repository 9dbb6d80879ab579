"""The reminder rules at the edges: a scheduler that comes back in the quiet
hours, a run that crashes halfway and is run again, members in two chamas,
the USSD code, push for members with the app, and loan instalments."""
import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.services.notices import reminders as reminder_module
from chamabora.config.notify import NotifySettings
from chamabora.services.notices.preferences import set_preferences
from chamabora.outbox.store import outbox
from chamabora.schedule import runner
from chamabora.schedule.backends import InlineBackend
from chamabora.schedule.clock import Clock
from chamabora.schedule.entries import BY_ID
from chamabora.schedule.runner import FiringFailed, run_firing
from chamabora.services.lending import loan_repayments
from chamabora.services.lending import loans
from chamabora.services.people import membership
from chamabora.services.savings import accounts as savings
from chamabora.services.notices.notify import register_push_id
from tests.helpers import make_chama, phone, snapshot
from tests.integration.notify_helpers import ANCHOR, second_chama

REMINDERS = BY_ID["contribution-reminders"]
TWO_DAYS_BEFORE = datetime(2027, 3, 8, 9, 0, tzinfo=NAIROBI)


def reminders(services):
    with services.engine.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.purpose == "reminder").order_by(outbox.c.id)).all()


@pytest.fixture
def services(app):
    return app.extensions["chamabora"]


def test_a_scheduler_back_in_the_quiet_hours_reminds_only_members_who_asked_for_nights(services):
    _chama, ids = make_chama(services.engine, 3, anchor=ANCHOR)
    services.run(lambda conn: set_preferences(conn, ids[2], night_reminders=True))
    clock = Clock([REMINDERS], InlineBackend(services).fire)
    clock.tick(datetime(2027, 3, 8, 7, 30, tzinfo=NAIROBI))     # before the reminder hour: nothing yet
    assert reminders(services) == []
    # down from 08:00; back at 22:00, inside the quiet hours
    Clock([REMINDERS], InlineBackend(services).fire).tick(datetime(2027, 3, 8, 22, 1, tzinfo=NAIROBI))
    rows = reminders(services)
    assert [(r.member_id, json.loads(r.payload)["at"][11:16]) for r in rows] == [(ids[2], "22:00")]


def test_a_run_that_crashes_halfway_sends_each_reminder_once_when_run_again(services, monkeypatch):
    _chama, ids = make_chama(services.engine, 2, anchor=ANCHOR)
    second_chama(services, phone(1), [10, 11])
    monkeypatch.setattr(runner, "BATCH_SIZE", 1)
    real, calls = reminder_module.enqueue_many, []

    def crash_on_the_second_chama(conn, messages):
        calls.append(len(messages))
        if len(calls) == 2:
            raise ConnectionError("worker lost the database")
        return real(conn, messages)

    monkeypatch.setattr(reminder_module, "enqueue_many", crash_on_the_second_chama)
    with pytest.raises(FiringFailed):
        run_firing(services, REMINDERS, TWO_DAYS_BEFORE)
    assert len(reminders(services)) == 2
    run_firing(services, REMINDERS, TWO_DAYS_BEFORE)
    after = snapshot(services.engine)
    run_firing(services, REMINDERS, TWO_DAYS_BEFORE)
    assert snapshot(services.engine) == after
    keys = [r.dedupe_key for r in reminders(services)]
    assert len(keys) == len(set(keys)) == 5   # 2 + founder again in Tumaini + 2 new members


def test_a_member_of_two_chamas_is_told_which_chama_to_pay(services):
    make_chama(services.engine, 2, anchor=ANCHOR)
    second_chama(services, phone(1), [10])
    run_firing(services, REMINDERS, TWO_DAYS_BEFORE)
    bodies = sorted(r.body for r in reminders(services) if r.recipient == phone(1))
    assert bodies == ["Tumaini: your contribution of KES 300 is due on 10/03/2027. To pay KES 300, reply PAY 300 TUMAINI.",
                      "Umoja: your contribution of KES 1,000 is due on 10/03/2027. To pay KES 1,000, reply PAY 1000 UMOJA."]


def test_the_ussd_code_from_settings_is_offered_as_the_other_way_to_pay(engine, make_app):
    app = make_app(engine.url.render_as_string(hide_password=False), notify=NotifySettings(ussd_code="*384*12#"))
    services = app.extensions["chamabora"]
    make_chama(services.engine, 1, anchor=ANCHOR)
    run_firing(services, REMINDERS, TWO_DAYS_BEFORE)
    assert reminders(services)[0].body.endswith("To pay KES 1,000, reply PAY 1000 or dial *384*12#.")


def test_members_with_the_app_are_reminded_by_push_the_rest_on_their_last_channel(services):
    _chama, ids = make_chama(services.engine, 2, anchor=ANCHOR)
    services.run(lambda conn: register_push_id(conn, ids[1], "fid-member-2"))
    run_firing(services, REMINDERS, TWO_DAYS_BEFORE)
    assert sorted((r.channel, r.recipient) for r in reminders(services)) == [("push", "fid-member-2"),
                                                                           ("sms", phone(1))]


def test_a_borrower_is_reminded_of_the_next_instalment_with_the_one_step_to_repay(services):
    chama_id, ids = make_chama(services.engine, 3)      # monthly from 31 January: no contribution reminder on 8 Feb
    services.run(lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    day, at = date(2027, 1, 10), datetime(2027, 1, 10, 9, tzinfo=NAIROBI)
    services.run(lambda c: savings.record_saving(c, chama_id, ids[2], Money.shillings(10000), "s1", at))
    loan_id = services.run(lambda c: loans.request_loan(c, chama_id, ids[2], Money.shillings(9000), 3, day))
    services.run(lambda c: loans.approve_loan(c, loan_id, ids[1], day))
    services.run(lambda c: loan_repayments.record_disbursement(c, loan_id, "B2C001", day, at))
    run_firing(services, REMINDERS, datetime(2027, 2, 8, 9, 0, tzinfo=NAIROBI))
    rows = reminders(services)
    assert [r.member_id for r in rows] == [ids[2]]
    assert rows[0].body.startswith("Umoja: your loan instalment of KES 3,")
    assert "is due on 10/02/2027. Reply REPAY 3" in rows[0].body

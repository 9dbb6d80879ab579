"""The calendar as data: firings computed in Nairobi time, job ids that every
scheduler derives alike, catching up after a restart, and functions called
with the arguments they ask for by name."""
from datetime import date, datetime, timedelta, timezone

import pytest

from chamabora.core.schedule import NAIROBI
from chamabora.schedule.clock import Clock, firings, job_id, latest, parse_at
from chamabora.schedule.entries import BY_ID, ENTRIES, Periodic
from chamabora.schedule.runner import call, previous_month, resolve

HOURLY = Periodic("every-hour", "0 * * * *", "tests.unit.schedule.test_clock:record", "test")
DAILY = Periodic("daily", "5 7 * * *", "tests.unit.schedule.test_clock:record", "test")
AT = datetime(2027, 3, 1, 9, 0, tzinfo=NAIROBI)


def record(now):
    return now


def test_every_entry_has_a_unique_id_and_an_importable_function():
    assert len({e.id for e in ENTRIES}) == len(ENTRIES)
    assert all(callable(resolve(e.target)) for e in ENTRIES)


def test_firings_are_in_nairobi_time_and_exclude_the_start():
    found = firings(DAILY, AT, AT + timedelta(days=2))
    assert found == [datetime(2027, 3, 2, 7, 5, tzinfo=NAIROBI), datetime(2027, 3, 3, 7, 5, tzinfo=NAIROBI)]


def test_job_ids_depend_only_on_the_entry_and_the_minute():
    same_moment_elsewhere = datetime(2027, 3, 1, 6, 0, 42, tzinfo=timezone.utc)
    assert job_id(HOURLY, AT) == job_id(HOURLY, same_moment_elsewhere) == "schedule-every-hour-20270301T0900"


def test_a_firing_time_without_a_zone_is_read_as_nairobis():
    assert parse_at("2027-03-01T09:00") == AT


def test_a_restarted_clock_fires_only_the_latest_firing_it_missed():
    fired = []
    clock = Clock([HOURLY, DAILY], lambda entry, moment: fired.append((entry.id, moment)))
    clock.tick(datetime(2027, 3, 1, 9, 20, tzinfo=NAIROBI))
    assert fired == [("every-hour", AT), ("daily", datetime(2027, 3, 1, 7, 5, tzinfo=NAIROBI))]


def test_a_ticking_clock_fires_each_firing_once_however_often_it_ticks():
    fired = []
    clock = Clock([HOURLY], lambda entry, moment: fired.append(moment))
    for minutes in range(0, 186, 7):
        clock.tick(AT + timedelta(minutes=minutes))
    assert fired == [AT, AT + timedelta(hours=1), AT + timedelta(hours=2), AT + timedelta(hours=3)]


def test_the_latest_firing_too_old_to_matter_is_not_caught_up():
    weekly = Periodic("weekly", "0 10 * * 1", "x:y", "test")
    assert latest(weekly, datetime(2027, 3, 4, 9, tzinfo=NAIROBI)) is None
    assert latest(weekly, datetime(2027, 3, 1, 10, tzinfo=NAIROBI)) == datetime(2027, 3, 1, 10, tzinfo=NAIROBI)


def test_a_function_gets_the_arguments_it_names_and_a_missing_one_is_an_error():
    assert call(record, {"now": AT, "today": AT.date()}, services=None) == AT
    with pytest.raises(TypeError, match="chama_id"):
        call(lambda chama_id: chama_id, {"now": AT}, services=None)


def test_a_monthly_job_settles_the_month_before():
    assert previous_month(date(2027, 3, 1)) == date(2027, 2, 1)
    assert previous_month(date(2027, 1, 1)) == date(2026, 12, 1)


def test_the_calendar_names_the_jobs_the_chama_runs_on():
    assert set(BY_ID) == {"close-cycles", "contribution-reminders", "stk-reconcile", "savings-interest",
                          "goal-reminders", "monthly-statements", "email-alerts", "held-claim-expiry",
                          "close-votes", "plan-notices", "claims-digest"}

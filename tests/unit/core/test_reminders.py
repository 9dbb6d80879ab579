"""Reminder rules over plain values: which day reminds about which cycle,
the quiet hours, and what a reminder asks a member to pay."""
from datetime import date, datetime, timezone

import pytest

from chamabora.core.chama import ChamaTerms, Frequency
from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money
from chamabora.core.reminders import Owing, ReminderPlan, Upcoming, cycle_to_remind, in_quiet_hours
from chamabora.core.schedule import NAIROBI

MONTHLY = ChamaTerms(Money.shillings(500), Frequency.MONTHLY, date(2027, 1, 31))
DAILY = ChamaTerms(Money.shillings(50), Frequency.DAILY, date(2027, 3, 1))
PLAN = ReminderPlan()


@pytest.mark.parametrize("hour, quiet", [(6, True), (7, False), (9, False), (20, False), (21, True), (23, True),
                                         (0, True)])
def test_quiet_hours_run_from_nine_at_night_to_seven_in_the_morning(hour, quiet):
    assert in_quiet_hours(datetime(2027, 3, 1, hour, 30, tzinfo=NAIROBI)) is quiet


def test_quiet_hours_are_judged_in_nairobi_whatever_zone_the_moment_carries():
    assert in_quiet_hours(datetime(2027, 3, 1, 18, 30, tzinfo=timezone.utc))      # 21:30 in Nairobi
    assert not in_quiet_hours(datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc))    # 07:00 in Nairobi


def test_a_moment_without_a_zone_is_refused():
    with pytest.raises(InvalidInput):
        in_quiet_hours(datetime(2027, 3, 1, 9, 0))


def test_by_default_members_hear_two_days_before_and_on_the_due_day():
    assert cycle_to_remind(MONTHLY, date(2027, 2, 26), PLAN) == Upcoming(1, date(2027, 2, 28), 2)
    assert cycle_to_remind(MONTHLY, date(2027, 2, 28), PLAN) == Upcoming(1, date(2027, 2, 28), 0)
    assert cycle_to_remind(MONTHLY, date(2027, 2, 27), PLAN) is None
    assert cycle_to_remind(MONTHLY, date(2027, 1, 29), PLAN) == Upcoming(0, date(2027, 1, 31), 2)


def test_a_daily_chama_reminds_once_a_day_about_the_cycle_due_soonest():
    assert cycle_to_remind(DAILY, date(2027, 3, 5), PLAN) == Upcoming(4, date(2027, 3, 5), 0)


def test_nothing_is_reminded_before_the_chamas_first_cycle_comes_near():
    assert cycle_to_remind(MONTHLY, date(2027, 1, 10), PLAN) is None


def test_a_plan_is_parsed_from_settings_and_refuses_the_quiet_hours():
    assert ReminderPlan.parse("0, 3,1", 8) == ReminderPlan((0, 1, 3), 8)
    for days, hour in (("2,0", 21), ("2,0", 6), ("", 9), ("x", 9), ("40", 9)):
        with pytest.raises(InvalidInput):
            ReminderPlan.parse(days, hour)


def test_a_plans_reminders_open_at_its_hour():
    assert not PLAN.is_open(datetime(2027, 3, 1, 8, 59, tzinfo=NAIROBI))
    assert PLAN.is_open(datetime(2027, 3, 1, 9, 0, tzinfo=NAIROBI))


def test_what_is_owed_adds_arrears_and_fines_less_credit_and_pays_in_whole_shillings():
    owing = Owing(Money.shillings(500), Money.shillings(500), Money(5050))
    assert (owing.total, owing.shillings) == (Money(105050), 1051)
    assert Owing(Money.shillings(500), Money(0), Money(0), Money.shillings(800)).total == Money(0)

"""Due dates per DESIGN.md §5: from the anchor, monthly clamped to month end."""
from datetime import date, timedelta

import pytest

from chamabora.core.chama import ChamaTerms, Frequency
from chamabora.core.money import Money
from chamabora.core.schedule import cycle_on, days_late, due_date, late_from


def terms(freq: Frequency, anchor: date, grace: int = 0) -> ChamaTerms:
    return ChamaTerms(Money(100000), freq, anchor, grace)


def test_monthly_on_the_31st_clamps_to_each_months_end_and_returns():
    t = terms(Frequency.MONTHLY, date(2027, 1, 31))
    assert [due_date(t, i) for i in range(4)] == [date(2027, 1, 31), date(2027, 2, 28),
                                                  date(2027, 3, 31), date(2027, 4, 30)]


def test_monthly_in_a_leap_year_falls_on_the_29th_of_february():
    assert due_date(terms(Frequency.MONTHLY, date(2028, 1, 30)), 1) == date(2028, 2, 29)


@pytest.mark.parametrize("freq, step", [(Frequency.DAILY, 1), (Frequency.WEEKLY, 7), (Frequency.BIWEEKLY, 14)])
def test_fixed_step_schedules(freq, step):
    t = terms(freq, date(2027, 1, 1))
    assert due_date(t, 3) == date(2027, 1, 1) + timedelta(days=3 * step)


def test_a_payment_belongs_to_the_first_cycle_not_yet_past_due():
    t = terms(Frequency.MONTHLY, date(2027, 1, 31))
    assert cycle_on(t, date(2027, 1, 5)) == 0
    assert cycle_on(t, date(2027, 1, 31)) == 0     # due at the end of its due day
    assert cycle_on(t, date(2027, 2, 1)) == 1
    assert cycle_on(t, date(2027, 3, 1)) == 2
    assert cycle_on(t, date(2028, 1, 31)) == 12


def test_cycle_on_agrees_with_due_dates_for_every_day_of_two_years():
    for freq in Frequency:
        t = terms(freq, date(2027, 1, 31))
        day = date(2027, 1, 1)
        while day < date(2029, 1, 1):
            seq = cycle_on(t, day)
            assert due_date(t, seq) >= day
            assert seq == 0 or due_date(t, seq - 1) < day
            day = day.fromordinal(day.toordinal() + 1)


def test_a_cycle_is_late_only_after_its_grace_days():
    t = terms(Frequency.MONTHLY, date(2027, 1, 31), grace=3)
    assert late_from(t, 0) == date(2027, 2, 4)
    assert days_late(t, 0, date(2027, 2, 3)) == 0
    assert days_late(t, 0, date(2027, 2, 4)) == 1
    assert days_late(t, 0, date(2027, 2, 10)) == 7

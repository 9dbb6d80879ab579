"""Goals (progress, per-week amounts, group shares) and subscription plans
(trial, grace, the gate), with worked dates."""
from datetime import date

import pytest

from chamabora.core.errors import InvalidInput
from chamabora.core.goals import check_goal, member_shares, per_week_to_stay_on_track, progress, weeks_left
from chamabora.core.money import Money
from chamabora.core.subscriptions import (Feature, Plan, PlanState, Standing, effective_plan, gate,
                                          gate_members, renew, renewal_due, renewal_price, standing,
                                          start_trial)

K = Money.shillings


def test_school_fees_goal_shows_what_to_save_each_week_to_stay_on_track():
    # 20,000 by 31 Jan 2027, 5,000 saved on 1 Dec 2026: 61 days is 9 weeks (a part week counts)
    assert weeks_left(date(2026, 12, 1), date(2027, 1, 31)) == 9
    assert per_week_to_stay_on_track(K(20000), K(5000), date(2026, 12, 1), date(2027, 1, 31)) == Money(166667)


def test_progress_reports_percent_left_and_whether_the_saver_is_on_track():
    status = progress(K(20000), K(5000), date(2026, 11, 1), date(2027, 1, 31), date(2026, 12, 16))
    assert (status.percent, status.left, status.complete) == (25, K(15000), False)
    assert status.on_track is False  # half the time gone, a quarter saved
    done = progress(K(20000), K(21000), date(2026, 11, 1), date(2027, 1, 31), date(2027, 1, 2))
    assert (done.percent, done.left, done.per_week, done.complete) == (100, Money(0), Money(0), True)


def test_after_the_deadline_everything_left_is_due_now():
    assert per_week_to_stay_on_track(K(1000), K(400), date(2027, 2, 5), date(2027, 1, 31)) == K(600)


def test_a_group_goal_is_shared_equally_by_largest_remainder():
    shares = member_shares(Money(100000), [7, 8, 9])
    assert shares == {7: Money(33334), 8: Money(33333), 9: Money(33333)}
    weighted = member_shares(K(9000), [1, 2], weights=[1, 2])
    assert weighted == {1: K(3000), 2: K(6000)}


def test_a_goal_needs_a_future_date_and_a_target():
    with pytest.raises(InvalidInput):
        check_goal("Fees", K(100), date(2027, 1, 1), date(2027, 1, 1))
    with pytest.raises(InvalidInput):
        member_shares(K(100), [1, 1])


TODAY = date(2027, 3, 1)


def test_a_new_chama_has_the_top_plan_for_thirty_days_then_free():
    trial = start_trial(TODAY)
    assert trial.trial_ends == date(2027, 3, 30)
    assert effective_plan(trial, date(2027, 3, 30)) is Plan.PREMIUM
    assert standing(trial, date(2027, 3, 31)) is Standing.FREE
    assert effective_plan(trial, date(2027, 3, 31)) is Plan.FREE


def test_the_gate_names_the_lowest_plan_that_unlocks_a_feature():
    free = PlanState()
    assert gate(free, Feature.LOANS, TODAY) is Plan.STANDARD
    assert gate(free, Feature.BULK_PAYOUTS, TODAY) is Plan.PREMIUM
    assert gate(free, Feature.CORE, TODAY) is None
    standard = PlanState(Plan.STANDARD, paid_until=date(2027, 3, 31))
    assert gate(standard, Feature.LOANS, TODAY) is None
    assert gate(standard, Feature.BULK_PAYOUTS, TODAY) is Plan.PREMIUM


def test_a_lapsed_plan_keeps_working_through_grace_then_falls_to_free():
    paid = PlanState(Plan.STANDARD, paid_until=date(2027, 3, 31))
    assert standing(paid, date(2027, 4, 7)) is Standing.GRACE
    assert gate(paid, Feature.LOANS, date(2027, 4, 7)) is None
    assert standing(paid, date(2027, 4, 8)) is Standing.FREE
    assert gate(paid, Feature.LOANS, date(2027, 4, 8)) is Plan.STANDARD


def test_free_chamas_hold_fifteen_members():
    assert gate_members(PlanState(), 15, TODAY) is None
    assert gate_members(PlanState(), 16, TODAY) is Plan.STANDARD
    assert gate_members(PlanState(), 101, TODAY) is Plan.PREMIUM


def test_renewal_continues_from_the_paid_up_date_in_grace_and_from_today_after():
    paid = PlanState(Plan.STANDARD, paid_until=date(2027, 3, 31))
    assert renew(paid, Plan.STANDARD, 1, date(2027, 4, 3)).paid_until == date(2027, 4, 30)
    assert renew(paid, Plan.STANDARD, 1, date(2027, 5, 10)).paid_until == date(2027, 6, 9)
    assert renewal_price(Plan.PREMIUM, 3) == K(4500)
    assert renewal_due(paid, date(2027, 3, 26)) and not renewal_due(paid, date(2027, 3, 25))
    with pytest.raises(InvalidInput):
        renew(paid, Plan.FREE, 1, TODAY)

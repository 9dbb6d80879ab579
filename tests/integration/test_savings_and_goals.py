"""Savings, goals and the monthly interest job on the database."""
from datetime import date, datetime, timezone
from fractions import Fraction

from sqlalchemy import select

from chamabora.core.loans import round_div
from chamabora.core.money import Money
from chamabora.db.outbox_tables import OutboxMessage
from chamabora.services.savings import goals
from chamabora.services.lending import policy
from chamabora.services.savings import accounts as savings
from chamabora.services.ledger import statements
from tests.helpers import make_chama, run, snapshot

K = Money.shillings


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)


def test_a_goal_runs_from_creation_to_completion(engine):
    chama_id, ids = make_chama(engine, 2)
    today = date(2026, 12, 1)
    goal_id = run(engine, lambda c: goals.create_goal(c, chama_id, ids[1], "School fees", K(20000),
                                                      date(2027, 1, 31), today))
    assert run(engine, lambda c: goals.find_goal(c, chama_id, ids[1], "school  FEES")) == goal_id
    first = run(engine, lambda c: goals.save_to_goal(c, chama_id, ids[1], goal_id, K(5000), "stk1", today, at(today)))
    assert (first.percent, first.per_week) == (25, Money(166667))
    before = snapshot(engine)
    run(engine, lambda c: goals.save_to_goal(c, chama_id, ids[1], goal_id, K(5000), "stk1", today, at(today)))
    assert snapshot(engine) == before
    done = run(engine, lambda c: goals.save_to_goal(c, chama_id, ids[1], goal_id, K(15000), "stk2",
                                                    date(2027, 1, 5), at(date(2027, 1, 5))))
    assert done.complete and done.left == Money(0)
    assert run(engine, lambda c: goals.find_goal(c, chama_id, ids[1], "School fees", required=False)) is None
    assert run(engine, lambda c: savings.savings_balance(c, chama_id, ids[1])) == K(20000)
    assert run(engine, lambda c: statements.chama_balances(c, chama_id))["cash"] == K(20000)


def test_a_group_goal_shares_its_target_and_tracks_each_members_part(engine):
    chama_id, ids = make_chama(engine, 3)
    today = date(2027, 1, 1)
    goal_id = run(engine, lambda c: goals.create_group_goal(c, chama_id, ids[0], "Land", Money(100000),
                                                            date(2027, 12, 31), today))
    run(engine, lambda c: goals.save_to_goal(c, chama_id, ids[2], goal_id, Money(33333), "g1", today, at(today)))
    mine = run(engine, lambda c: goals.goal_progress(c, goal_id, today, ids[2]))
    assert (mine.target, mine.complete) == (Money(33333), True)
    whole = run(engine, lambda c: goals.goal_progress(c, goal_id, today))
    assert (whole.target, whole.saved, whole.percent) == (Money(100000), Money(33333), 33)


def test_goal_reminders_go_once_a_day_with_the_weekly_amount(engine):
    chama_id, ids = make_chama(engine, 2)
    today = date(2026, 12, 1)
    run(engine, lambda c: goals.create_goal(c, chama_id, ids[1], "Fees", K(9000), date(2026, 12, 22), today))
    assert run(engine, lambda c: goals.send_goal_reminders(c, chama_id, today)) == 1
    assert run(engine, lambda c: goals.send_goal_reminders(c, chama_id, today)) == 0
    with engine.connect() as conn:
        bodies = conn.execute(select(OutboxMessage.__table__.c.body)).scalars().all()
    assert bodies == ["Goal Fees: KES 0 of KES 9,000 saved. Save KES 3,000 a week to reach it by 22/12/2026."]


def test_savings_interest_is_credited_once_a_month_compounded_daily_over_a_leap_february(engine):
    chama_id, ids = make_chama(engine, 2)
    run(engine, lambda c: policy.set_policy(c, chama_id, ids[0], savings_rate_bp=1000))
    run(engine, lambda c: savings.record_saving(c, chama_id, ids[1], K(100000), "d1", at(date(2028, 1, 31))))
    run(engine, lambda c: savings.record_saving(c, chama_id, ids[0], K(36500), "d2", at(date(2028, 2, 15))))
    january = run(engine, lambda c: savings.credit_savings_interest(c, chama_id, date(2028, 1, 1)))
    february = run(engine, lambda c: savings.credit_savings_interest(c, chama_id, date(2028, 2, 1)))
    assert run(engine, lambda c: savings.credit_savings_interest(c, chama_id, date(2028, 2, 1))) == Money(0)
    growth = 1 + Fraction(1000, 3650000)

    def exact(cents, days):
        value = cents * (growth ** days - 1)
        return round_div(value.numerator, value.denominator)

    assert january == Money(exact(10000000, 1))
    member_1 = exact(10000000 + january.cents, 29)
    assert february == Money(member_1 + exact(3650000, 15))
    balance = run(engine, lambda c: savings.savings_balance(c, chama_id, ids[1]))
    assert balance == K(100000) + january + Money(member_1)
    books = run(engine, lambda c: statements.chama_balances(c, chama_id))
    assert books["savings_interest"] == january + february

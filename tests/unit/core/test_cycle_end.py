"""The cycle's end and the group's safety: share-out by savings-time,
merry-go-round default protection, quorum votes, and the savings entries."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chamabora.core.default_protection import RecipientStanding, defaulters, is_defaulter
from chamabora.core.errors import InvalidAmount, InvalidInput
from chamabora.core.interest import BalanceChange
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.core.quorum import Outcome, needs_ratification, parse_vote, required_yes, tally
from chamabora.core.savings import InsufficientSavings, check_withdrawal, interest_entry, withdrawal_entry
from chamabora.core.shareout import pool_of, savings_time, share_out, shareout_entry

K = Money.shillings
JAN1, DEC31 = date(2027, 1, 1), date(2027, 12, 31)


def test_savings_time_weighs_money_by_the_days_it_was_held():
    # 1,000 all year versus 1,000 from 1 July: 365 against 184 days
    assert savings_time(K(1000), [], JAN1, DEC31) == 100000 * 365
    assert savings_time(Money(0), [BalanceChange(date(2027, 7, 1), K(1000))], JAN1, DEC31) == 100000 * 184


def test_a_share_out_splits_the_pool_by_savings_time_and_sums_to_it_exactly():
    weights = {1: 100000 * 365, 2: 100000 * 184, 3: 0, 4: 50000 * 365}
    shares = share_out(Money(100001), weights)
    assert sum(s.cents for s in shares.values()) == 100001
    # exact shares 49,897.97 / 25,154.05 / 24,948.98 cents: floors 49,897 + 25,154 + 24,948 leave
    # two cents, which go to the largest fractions (member 1's .97 and member 4's .98)
    assert shares == {1: Money(49898), 2: Money(25154), 4: Money(24949)}


def test_a_share_out_needs_something_to_share_and_someone_who_saved():
    with pytest.raises(InvalidAmount):
        share_out(Money(0), {1: 5})
    with pytest.raises(InvalidInput):
        share_out(Money(100), {1: 0})


def test_the_pool_is_income_earned_less_savings_interest_paid_and_closes_into_savings():
    income = {AccountKind.INTEREST_INCOME: -50000, AccountKind.FINE_INCOME: -10000}
    pool = pool_of(income, savings_interest_paid=6000)
    assert pool == Money(54000)
    entry = shareout_entry(share_out(pool, {1: 2, 2: 1}), income, 6000, "shareout:1:2027", "Share-out")
    by_code = {p.account.code: p.amount.cents for p in entry.postings}
    assert by_code == {"interest_income": 50000, "fine_income": 10000, "savings_interest": -6000,
                       "savings:1": -36000, "savings:2": -18000}


@given(st.integers(1, 10**9), st.dictionaries(st.integers(1, 500), st.integers(0, 10**12), min_size=1))
def test_share_out_always_sums_exactly_to_the_pool(pool, weights):
    if not any(weights.values()):
        weights[1] = 1
    assert sum(s.cents for s in share_out(Money(pool), weights).values()) == pool


def standing_of(member_id, received, late_since=None, late=0, fines=0):
    return RecipientStanding(member_id, received, Money(late), late_since, Money(fines))


def test_a_recipient_who_falls_behind_after_the_pot_is_a_defaulter_and_others_are_not():
    received = date(2027, 2, 28)
    assert is_defaulter(standing_of(1, received, date(2027, 3, 31), 100000))
    assert not is_defaulter(standing_of(2, None, date(2027, 3, 31), 100000))   # not yet received
    assert not is_defaulter(standing_of(3, received))                            # paid up
    assert is_defaulter(standing_of(4, received, fines=5000))
    assert not is_defaulter(standing_of(4, received, fines=5000), fine_tolerance=Money(5000))
    assert defaulters([standing_of(9, received, date(2027, 3, 31), 1), standing_of(3, received)]) == [9]


@pytest.mark.parametrize("text,vote", [("YES", True), ("ndio", True), ("Ndio!", True), ("NO", False),
                                       ("hapana sitaki", False), ("maybe", None), ("", None)])
def test_votes_are_read_in_english_and_swahili(text, vote):
    assert parse_vote(text) is vote


def test_a_vote_passes_once_the_quorum_says_yes_and_fails_once_it_cannot():
    assert required_yes(10, 6000) == 6 and required_yes(7, 5000) == 4
    assert tally({1: True, 2: True, 3: False}, 5, 6000).outcome is Outcome.PENDING
    assert tally({1: True, 2: True, 3: True}, 5, 6000).outcome is Outcome.PASSED
    assert tally({1: False, 2: False, 3: True}, 5, 6000).outcome is Outcome.PENDING  # 3 may still say yes
    assert tally({1: False, 2: False, 3: False}, 5, 6000).outcome is Outcome.FAILED
    assert tally({1: True}, 5, 6000, closed=True).outcome is Outcome.FAILED


def test_only_amounts_above_the_threshold_need_the_members():
    assert needs_ratification(K(50001).cents, K(50000).cents)
    assert not needs_ratification(K(50000).cents, K(50000).cents)
    assert not needs_ratification(K(10**6).cents, None)


def test_a_withdrawal_takes_only_free_savings_and_balances():
    check_withdrawal(K(500), K(1000), held=K(500))
    with pytest.raises(InsufficientSavings):
        check_withdrawal(K(501), K(1000), held=K(500))
    entry = withdrawal_entry(3, K(500), "w:1", "Withdrawal")
    assert {p.account.code: p.amount for p in entry.postings} == {"savings:3": K(500), "cash": -K(500)}


def test_a_month_of_savings_interest_is_one_balanced_entry_or_none():
    entry = interest_entry({1: Money(120), 2: Money(0), 3: Money(7)}, "si:1:2027-01", "Interest")
    assert {p.account.code: p.amount.cents for p in entry.postings} == {
        "savings_interest": 127, "savings:1": -120, "savings:3": -7}
    assert interest_entry({1: Money(0)}, "k", "m") is None

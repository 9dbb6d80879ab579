"""Allocation, fines, rotation and ledger rules, with plain values."""
from datetime import date

import pytest

from chamabora.core import entries
from chamabora.core.allocation import Due, DueKind, allocate, to_clear_fines
from chamabora.core.chama import ChamaTerms, FineRule, Frequency, RotationMode
from chamabora.core.errors import InvalidAmount, InvalidInput, UnbalancedEntry
from chamabora.core.fines import fine_due, fine_to_levy
from chamabora.core.ledger import AccountKind, AccountRef, Entry, EntryKind, Posting, reversal_of
from chamabora.core.member import hash_pin, new_member, verify_pin
from chamabora.core.money import Money
from chamabora.core.payout import split_from_allocation
from chamabora.core.rotation import Seat, next_recipient, round_order


def due(ref, kind, seq, cents, day=1):
    return Due(ref, kind, seq, date(2027, seq + 1, day), Money(cents))


C, F = DueKind.CONTRIBUTION, DueKind.FINE


def test_a_payment_settles_old_arrears_then_fines_then_the_current_cycle_then_credit():
    owed = [due(3, C, 2, 1000), due(1, C, 0, 1000), due(2, F, 1, 100), due(4, C, 1, 500)]
    allocation = allocate(Money(3000), owed, current_seq=2)
    assert [(d.ref, p.cents) for d, p in allocation.parts] == [(1, 1000), (4, 500), (2, 100), (3, 1000)]
    assert allocation.credit == Money(400)


def test_the_payment_that_clears_the_fines_covers_the_arrears_before_them_but_not_the_current_cycle():
    owed = [due(3, C, 2, 1000), due(1, C, 0, 1000), due(2, F, 1, 100), due(4, C, 1, 500)]
    assert to_clear_fines(owed, current_seq=2) == Money(1600)
    assert allocate(to_clear_fines(owed, current_seq=2), owed, current_seq=2).parts[-1][0].kind is F
    assert to_clear_fines([due(1, C, 0, 1000)], current_seq=1) == Money(0)


def test_a_partial_payment_stops_inside_the_oldest_due():
    allocation = allocate(Money(300), [due(1, C, 0, 1000), due(2, C, 1, 1000)], current_seq=1)
    assert [(d.ref, p.cents) for d, p in allocation.parts] == [(1, 300)]
    assert allocation.credit == Money(0)


@pytest.mark.parametrize("cents", [0, -100])
def test_a_payment_of_nothing_or_less_is_refused(cents):
    with pytest.raises(InvalidAmount):
        allocate(Money(cents), [], 0)


def test_flat_fine_is_levied_once_per_late_cycle():
    rule = FineRule(flat=Money(10000))
    assert fine_due(rule, Money(50000), 0) == Money(0)
    assert fine_due(rule, Money(50000), 5) == Money(10000)
    assert fine_to_levy(rule, Money(50000), 6, already=Money(10000)) == Money(0)


def test_percentage_fine_is_a_share_of_what_is_unpaid():
    assert fine_due(FineRule(percent_bp=1000), Money(40000), 1) == Money(4000)


def test_per_day_fine_accrues_until_its_cap():
    rule = FineRule(flat=Money(2000), per_day=True, cap=Money(10000))
    assert fine_due(rule, Money(100000), 3) == Money(6000)
    assert fine_due(rule, Money(100000), 30) == Money(10000)
    assert fine_to_levy(rule, Money(100000), 4, already=Money(6000)) == Money(2000)


def test_a_paid_up_cycle_is_never_fined():
    assert fine_due(FineRule(flat=Money(100)), Money(0), 10) == Money(0)


def test_fine_rules_are_flat_or_percent_never_both_and_never_negative():
    with pytest.raises(InvalidInput):
        FineRule(flat=Money(100), percent_bp=100)
    with pytest.raises(InvalidInput):
        FineRule(flat=Money(-1))


def test_terms_refuse_a_zero_contribution():
    with pytest.raises(InvalidInput):
        ChamaTerms(Money(0), Frequency.MONTHLY, date(2027, 1, 1))


SEATS = [Seat(10, 1, 0), Seat(11, 2, 0), Seat(12, 3, 0, chair_position=1), Seat(13, 4, 2)]


def test_join_order_puts_latecomers_at_the_end_of_the_round():
    assert round_order(SEATS, RotationMode.JOIN_ORDER, 0, 1, round_start_cycle=0) == [10, 11, 12, 13]


def test_chair_set_order_comes_first_then_join_order():
    assert round_order(SEATS, RotationMode.CHAIR_SET, 0, 1, 0)[:1] == [12]


def test_random_draw_is_reproducible_from_the_published_seed_and_keeps_latecomers_last():
    first = round_order(SEATS, RotationMode.RANDOM_DRAW, 7, 1, 0)
    assert first == round_order(SEATS, RotationMode.RANDOM_DRAW, 7, 1, 0)
    assert sorted(first[:3]) == [10, 11, 12] and first[3] == 13


def test_everyone_receives_once_then_the_round_is_done():
    order, received = [10, 11, 12], set()
    for _ in order:
        received.add(next_recipient(order, received))
    assert received == {10, 11, 12}
    assert next_recipient(order, received) is None


def test_an_unbalanced_entry_cannot_be_built():
    cash = AccountRef(AccountKind.CASH)
    with pytest.raises(UnbalancedEntry):
        Entry(EntryKind.PAYMENT, (Posting(cash, Money(100)), Posting(AccountRef(AccountKind.FINE_INCOME), Money(-99))))
    with pytest.raises(UnbalancedEntry):
        Entry(EntryKind.PAYMENT, (Posting(cash, Money(0)), Posting(cash, Money(0))))


def test_per_member_accounts_need_a_member():
    with pytest.raises(UnbalancedEntry):
        AccountRef(AccountKind.DUES_RECEIVABLE)
    with pytest.raises(UnbalancedEntry):
        AccountRef(AccountKind.CASH, 3)


def test_a_reversal_undoes_every_posting():
    allocation = allocate(Money(1500), [due(1, C, 0, 1000)], 0)
    entry = entries.payment_entry(7, Money(1500), allocation, "k", "")
    reversal = reversal_of(entry.postings, "mistake", "rev:k")
    totals = {}
    for p in entry.postings + reversal.postings:
        totals[p.account] = totals.get(p.account, 0) + p.amount.cents
    assert set(totals.values()) == {0}


def test_payout_nets_arrears_and_fines_before_paying_the_rest():
    allocation = allocate(Money(10000), [due(1, C, 0, 1000), due(2, F, 0, 100)], 1)
    split = split_from_allocation(Money(10000), allocation)
    assert (split.netted_dues, split.netted_fines, split.net) == (Money(1000), Money(100), Money(8900))


def test_pins_are_hashed_salted_and_verified_in_constant_time():
    stored = hash_pin("4321")
    assert stored != hash_pin("4321") and "4321" not in stored
    assert verify_pin("4321", stored) and not verify_pin("1234", stored)
    assert not verify_pin("4321", "garbage")
    with pytest.raises(InvalidInput):
        hash_pin("12")


def test_new_members_need_a_real_name_and_a_kenyan_phone():
    assert new_member("0712 345-678", "  Jane   Wanjiru ").phone == "+254712345678"
    with pytest.raises(InvalidInput):
        new_member("0712345678", "7")

"""The pure rules of money safety: what a pot holds, what may leave the cash,
and who may sign money out."""
from datetime import date

import pytest

from chamabora.core.allocation import Due, DueKind
from chamabora.core.cash import CashPosition, InsufficientCash, check_outflow
from chamabora.core.chama import Role
from chamabora.core.errors import InvalidAmount
from chamabora.core.money import Money
from chamabora.core.payout import PotBook, collected, split_pot
from chamabora.core.signatures import NeedsSecondOfficer, SelfApproval, check_signer, payout_signatures

K = Money.shillings
DUE = date(2027, 1, 4)


def test_a_pot_holds_what_was_collected_and_confirmed():
    # three at KES 500, one paid 300: the pot account owes 1,500, 1,200 of it unpaid
    assert collected(PotBook(K(1500), K(1200), K(0), K(0))) == K(300)
    # a later cycle already open (its KES 1,500 levied, 500 paid ahead) does not feed this pot
    assert collected(PotBook(K(3000), K(1200), K(1500), K(0))) == K(300)
    # money only claimed waits, and a pot is never below zero
    assert collected(PotBook(K(1500), K(1200), K(0), K(200))) == K(100)
    assert collected(PotBook(K(1500), K(1200), K(0), K(900))) == K(0)


def test_the_recipients_own_contribution_is_settled_from_the_pot_and_arrears_netted():
    own = Due(1, DueKind.CONTRIBUTION, 3, DUE, K(500))
    fine = Due(2, DueKind.FINE, 2, DUE, K(100))
    old = Due(3, DueKind.CONTRIBUTION, 2, DUE, K(200))
    split, allocation = split_pot(K(300), own, [fine, old], 3)
    assert (split.gross, split.netted_dues, split.netted_fines, split.net) == (K(800), K(700), K(100), K(0))
    assert sum(p.cents for _, p in allocation.parts) + split.net.cents == split.gross.cents
    paid_up, _ = split_pot(K(1500), None, [], 3)
    assert (paid_up.gross, paid_up.net) == (K(1500), K(1500))


def test_no_outflow_takes_more_than_the_confirmed_cash_less_what_is_promised():
    position = CashPosition(confirmed=K(1000), claimed=K(500), committed=K(300))
    check_outflow(K(700), position)
    with pytest.raises(InsufficientCash) as refused:
        check_outflow(K(701), position)
    assert refused.value.details == {"needed": 70100, "available": 70000, "claimed": 50000}
    assert CashPosition(K(100), K(0), K(300)).available == K(0)
    with pytest.raises(InvalidAmount):
        check_outflow(K(0), position)


def test_nobody_signs_money_to_themselves():
    officers = [(1, Role.CHAIR), (2, Role.TREASURER)]
    check_signer(2, 1, officers)
    with pytest.raises(SelfApproval):
        check_signer(1, 1, officers)
    with pytest.raises(NeedsSecondOfficer):
        check_signer(1, 1, [(1, Role.CHAIR), (3, Role.SECRETARY)])
    assert payout_signatures(officers, 3, two=True) == ("treasurer", "chair")
    assert payout_signatures(officers, 3, two=False) == ("treasurer",)
    # the treasurer's own pot: the chair signs in her place; the chair's: the treasurer alone
    assert payout_signatures(officers, 2, two=True) == ("chair",)
    assert payout_signatures(officers, 1, two=True) == ("treasurer",)
    with pytest.raises(NeedsSecondOfficer):
        payout_signatures([(1, Role.CHAIR)], 1, two=False)


def test_money_taken_back_comes_off_credit_then_what_was_settled_last():
    from chamabora.core.allocation import unallocate

    old = Due(1, DueKind.CONTRIBUTION, 1, DUE, K(500))
    fine = Due(2, DueKind.FINE, 1, DUE, K(100))
    current = Due(3, DueKind.CONTRIBUTION, 2, DUE, K(300))
    taken = unallocate(K(1000), [old, fine, current], K(200), 2)
    assert taken.credit == K(200)
    assert [(d.ref, p) for d, p in taken.parts] == [(3, K(300)), (2, K(100)), (1, K(400))]
    with pytest.raises(InvalidAmount):
        unallocate(K(1200), [old, fine, current], K(200), 2)

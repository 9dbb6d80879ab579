"""Closing a cycle through the services: the member who did not pay is fined and told, and the
pot is owed to the member whose turn it is."""
from datetime import date

import pytest

from chamabora.core.money import Money
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.ledger import statements
from tests.helpers import phone

pytestmark = pytest.mark.ports


def test_a_cycle_closes_with_a_fine_for_the_late_member_and_the_pot_owed_to_the_first_in_turn(world, umoja):
    chama_id, ids = umoja
    for n, member_id in enumerate(ids[:3]):  # the fourth member does not pay
        world.run(lambda c, m=member_id, n=n: payments.record_payment(c, chama_id, m, Money(100000), f"mpesa:P{n}",
                                                                      world.clock.today))

    closed = world.run(lambda c: payouts.close_cycle(c, chama_id, ids[1], date(2027, 2, 5)))

    assert (closed.seq, closed.recipient_member_id) == (0, ids[0])
    assert (closed.gross, closed.net, closed.fines_levied) == (Money(300000), Money(300000), Money(10000))
    chair = world.run(lambda c: statements.member_balance(c, chama_id, ids[0]))
    late = world.run(lambda c: statements.member_balance(c, chama_id, ids[3]))
    assert chair.payout_owed == Money(300000)
    # January's contribution and February's (its cycle is open by now), and January's fine
    assert (late.dues_owed, late.fines_owed, late.payout_owed) == (Money(200000), Money(10000), Money(0))
    sent = world.send_outbox()
    assert [(m.recipient, m.body) for m in sent] == [
        (phone(4), "Umoja: a late fine of KES 100 was added for the contribution due 31/01/2027. "
                   "You owe KES 1,100 in all: send PAY 1100.")]

"""Contributions through the services: an outside event (an M-Pesa code) pays once, however
often it is reported."""
from datetime import timedelta

import pytest

from chamabora.core.money import Money
from chamabora.services.contributions import payments
from chamabora.services.ledger import statements

pytestmark = pytest.mark.ports


def test_a_payment_reported_twice_is_recorded_once(world, umoja):
    chama_id, ids = umoja
    today = world.clock.today

    first = world.run(lambda c: payments.record_payment(c, chama_id, ids[2], Money(150000), "mpesa:QGH7XK2L9P", today))
    again = world.run(lambda c: payments.record_payment(c, chama_id, ids[2], Money(150000), "mpesa:QGH7XK2L9P",
                                                        today + timedelta(days=1)))

    assert not first.duplicate and (first.to_contributions, first.credit) == (Money(100000), Money(50000))
    assert again.duplicate and again.entry_id == first.entry_id
    balance = world.run(lambda c: statements.member_balance(c, chama_id, ids[2]))
    assert (balance.contributed, balance.dues_owed, balance.credit) == (Money(100000), Money(0), Money(50000))
    assert world.send_outbox() == []  # a payment alone tells nobody; its receipt is the channel's reply


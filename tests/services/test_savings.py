"""Savings through the services: a deposit counted once per M-Pesa code, and a withdrawal request
that holds its amount and goes to the officers."""
import pytest

from chamabora.core.money import Money
from chamabora.core.savings import InsufficientSavings
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import withdrawals
from tests.helpers import phone

pytestmark = pytest.mark.ports
K = Money.shillings


def test_a_deposit_is_saved_once_and_a_withdrawal_request_holds_it_and_asks_the_officers(world, umoja):
    chama_id, ids = umoja
    member = ids[3]
    first = world.run(lambda c: savings.record_saving(c, chama_id, member, K(5000), "mpesa:SAV1", world.clock.now()))
    again = world.run(lambda c: savings.record_saving(c, chama_id, member, K(5000), "mpesa:SAV1", world.clock.now()))
    assert again == (first[0], True)
    assert world.run(lambda c: savings.savings_balance(c, chama_id, member)) == K(5000)

    withdrawal_id = world.run(lambda c: withdrawals.request_withdrawal(c, chama_id, member, K(2000),
                                                                       world.clock.today))

    assert world.run(lambda c: savings.held_savings(c, chama_id, member)) == K(2000)
    asked = world.send_outbox()
    assert [m.recipient for m in asked] == [phone(1), phone(2)]  # the chair and the treasurer
    assert all(f"W{withdrawal_id}" in m.body and "KES 2,000" in m.body for m in asked)
    with pytest.raises(InsufficientSavings):  # what is held cannot be asked for again
        world.run(lambda c: withdrawals.request_withdrawal(c, chama_id, member, K(3001), world.clock.today))

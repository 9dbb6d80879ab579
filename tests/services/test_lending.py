"""A loan through the services: quoted within the chama's policy (three times the member's
savings), refused above it without guarantors, approved by the treasurer, the borrower told and
the money queued to M-Pesa."""
import pytest

from chamabora.core.loans import LoanLimitExceeded
from chamabora.core.money import Money
from chamabora.services.lending import loan_waiting
from chamabora.services.lending import loans
from chamabora.services.savings import accounts as savings
from tests.helpers import phone

pytestmark = pytest.mark.ports
K = Money.shillings
APPROVED = ("Umoja: your loan of KES 30,000 is approved and coming to your M-Pesa. Interest KES 601.99; "
            "first instalment KES 10,200.66 due 20/02/2027.")


def save(world, chama_id, ids, amount=K(10000)):
    for n, member_id in enumerate(ids):
        world.run(lambda c, m=member_id, n=n: savings.record_saving(c, chama_id, m, amount, f"mpesa:S{n}",
                                                                    world.clock.now()))


def test_a_loan_is_quoted_within_the_policy_and_approved_by_the_treasurer(world, umoja):
    chama_id, ids = umoja
    today = world.clock.today
    save(world, chama_id, ids)

    quote = world.run(lambda c: loans.quote_loan(c, chama_id, ids[2], K(30000), 3, today))
    assert (quote.limit, quote.guarantee_needed, quote.schedule.total_interest) == (K(30000), Money(0), Money(60199))
    with pytest.raises(LoanLimitExceeded):
        world.run(lambda c: loans.request_loan(c, chama_id, ids[2], K(30001), 3, today))
    loan_id = world.run(lambda c: loans.request_loan(c, chama_id, ids[2], K(30000), 3, today))
    asked = world.send_outbox()
    assert [m.recipient for m in asked] == [phone(2)]  # the treasurer decides; the chair only above a threshold

    assert world.run(lambda c: loans.approve_loan(c, loan_id, ids[1], today)) == "approved"

    sent = world.send_outbox()
    money = [m for m in sent if m.channel == "b2c"]
    told = [m.body for m in sent if m.channel == "sms"]
    assert [(m.recipient, m.payload["amount_cents"]) for m in money] == [(phone(3), K(30000).cents)]
    assert told == [APPROVED]


def test_approved_from_the_pending_list_the_schedule_starts_on_the_clocks_day(world, umoja):
    chama_id, ids = umoja
    save(world, chama_id, ids)
    loan_id = world.run(lambda c: loans.request_loan(c, chama_id, ids[2], K(30000), 3, world.clock.today))

    answer = world.run(lambda c: loan_waiting.decide_loan(c, chama_id, str(loan_id), ids[1], True, "en",
                                                          clock=world.clock))

    assert answer == f"Approved. Loan L{loan_id} will be sent by M-Pesa."
    assert [m.body for m in world.send_outbox() if m.recipient == phone(3) and m.channel == "sms"] == [APPROVED]

"""Merry-go-round default protection where money leaves: a recipient flagged
for falling behind after their pot still has their next pot owed (payable),
but it is held: the treasurer and chair are told, and approving it for B2C
is refused until the member catches up and the flag clears."""
from datetime import date

import pytest
from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.core.default_protection import PayoutBlocked
from chamabora.core.money import Money
from chamabora.services.payouts.approvals import approve_payout
from chamabora.outbox.store import outbox
from chamabora.services.payouts import defaults
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from tests.helpers import make_chama, phone, run

K = Money.shillings


def held_notices(engine):
    with engine.connect() as conn:
        return sorted(conn.execute(select(outbox.c.recipient).where(
            outbox.c.channel == "sms", outbox.c.body.like("%is held: they fell behind%"))).scalars())


@pytest.fixture
def defaulter(engine):
    """Two members, the chair (ids[0]) first in line: paid cycle 1, missed February, paid March."""
    chama_id, ids = make_chama(engine, 2)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    pay = lambda m, amount, key, day: run(engine, lambda c: payments.record_payment(  # noqa: E731
        c, chama_id, m, K(amount), key, day))
    pay(ids[0], 1000, "jan0", date(2027, 1, 20))
    pay(ids[1], 1000, "jan1", date(2027, 1, 20))
    assert run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[1], date(2027, 1, 31))).recipient_member_id == ids[0]
    pay(ids[1], 1000, "feb1", date(2027, 2, 20))
    run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[1], date(2027, 2, 28)))
    assert run(engine, lambda c: defaults.flag_defaulters(c, chama_id, date(2027, 3, 4))) == [ids[0]]
    pay(ids[0], 1000, "mar0", date(2027, 3, 20))
    pay(ids[1], 1000, "mar1", date(2027, 3, 20))
    return chama_id, ids


def test_a_flagged_recipients_pot_is_owed_but_held_and_the_officers_are_told(engine, defaulter):
    chama_id, ids = defaulter
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[1], date(2027, 3, 31)))
    # the pot holds March's two contributions (the member's own one, paid by the pot itself) and the
    # February arrears she paid late; her fine is netted
    assert (closed.recipient_member_id, closed.gross, closed.net) == (ids[0], K(3000), K(1900))
    with engine.connect() as conn:
        assert conn.execute(select(payouts.payouts.c.status).where(
            payouts.payouts.c.id == closed.payout_id)).scalar_one() == "payable"
    assert held_notices(engine) == sorted([phone(1), phone(2)])
    with pytest.raises(PayoutBlocked):
        run(engine, lambda c: approve_payout(c, closed.payout_id, ids[1]))


def test_once_the_member_catches_up_and_the_flag_clears_the_held_pot_can_be_approved(engine, defaulter):
    chama_id, ids = defaulter
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[1], date(2027, 3, 31)))
    run(engine, lambda c: defaults.flag_defaulters(c, chama_id, date(2027, 4, 1)))  # the pot netted the arrears
    assert run(engine, lambda c: defaults.is_blocked(c, chama_id, ids[0])) is False
    assert run(engine, lambda c: approve_payout(c, closed.payout_id, ids[1])).queued is True


def test_a_recipient_in_good_standing_gets_no_held_notice(engine):
    chama_id, ids = make_chama(engine, 2)
    for n, member_id in enumerate(ids):
        run(engine, lambda c, m=member_id, n=n: payments.record_payment(c, chama_id, m, K(1000), f"c{n}", date(2027, 1, 20)))
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 1, 31)))
    assert closed.net == K(2000) and held_notices(engine) == []

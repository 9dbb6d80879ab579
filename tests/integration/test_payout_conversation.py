"""A closed cycle's payout is approved by SMS: the treasurer replies APPROVE
PAYOUT <id> (KUBALI MGAO in Swahili) to the notice, as an alternative to the
USSD treasurer menu. One approval queues one B2C payment; only a treasurer or
chair can approve, and a large payout also asks the chair by SMS."""
from datetime import date, datetime, timezone
from itertools import count

import pytest
from sqlalchemy import select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.chama import Role
from chamabora.outbox.store import outbox
from chamabora.schedule.closing import ask_treasurers
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.records import load_chama
from chamabora.services.records import members as member_rows
from tests.helpers import forget_notices, make_chama, phone, run, snapshot

WHEN = datetime(2027, 1, 31, 9, 0, tzinfo=timezone.utc)
ANCHOR = date(2027, 1, 31)
ids = count(1)


@pytest.fixture
def say(app):
    services = app.extensions["chamabora"]

    def send(who, text):
        inbound = Inbound(ChannelKind.SMS, who, text, WHEN, "africastalking", f"ATXid_payout_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    return send


def closed_chama(engine, contribution=1000, treasurer_language="en", cycles=1):
    """Umoja with its first cycle paid and closed: Member 1 chairs and receives the pot,
    Member 3 is treasurer, Member 2 is a plain member. The treasurer has been told.
    With `cycles=2` the second cycle is paid and closed too, its pot going to Member 2."""
    chama_id, members = make_chama(engine, 3, contribution=contribution, anchor=ANCHOR)
    run(engine, lambda c: membership.assign_role(c, chama_id, members[0], members[2], Role.TREASURER))
    forget_notices(engine)

    def pay_and_close(conn):
        conn.execute(update(member_rows).where(member_rows.c.id == members[2]).values(language=treasurer_language))
        chama = load_chama(conn, chama_id)
        for cycle in range(cycles):
            day = date(2027, 1 + cycle, 28 if cycle else 31)
            for n, member_id in enumerate(members):
                payments.record_payment(conn, chama_id, member_id, chama.terms.contribution, f"pay-{cycle}-{n}",
                                        day)
            closed = payouts.close_cycle(conn, chama_id, None, day)
        ask_treasurers(conn, chama, closed)
        return closed

    return chama_id, members, run(engine, pay_and_close)


def sent(engine, channel, member_id):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.channel == channel, outbox.c.member_id == member_id)
                            .order_by(outbox.c.id)).scalars().all()


def written(engine):
    """Everything but the record of inbound messages, which every answered SMS adds to."""
    counts = snapshot(engine)
    counts.pop("inbound_messages")
    return counts


def test_the_treasurer_approves_the_payout_by_replying_to_the_notice_once(say, engine):
    _, members, closed = closed_chama(engine)
    [notice] = sent(engine, "sms", members[2])
    assert notice.endswith(f"To pay by M-Pesa: APPROVE PAYOUT {closed.payout_id}.")

    reply = say(phone(3), f"APPROVE PAYOUT {closed.payout_id}")
    assert reply == "Approved. KES 3,000 is on its way to Member 1 by M-Pesa."
    assert len(sent(engine, "b2c", members[0])) == 1

    before = written(engine)
    assert say(phone(3), f"approve payout {closed.payout_id}") == "That item was already decided."
    assert say(phone(1), f"APPROVE PAYOUT {closed.payout_id}") == "That item was already decided."
    assert written(engine) == before
    assert len(sent(engine, "b2c", members[0])) == 1


def test_a_plain_member_cannot_approve_or_decline_a_payout(say, engine):
    _, members, closed = closed_chama(engine)
    before = written(engine)
    assert say(phone(2), f"APPROVE PAYOUT {closed.payout_id}") == "Only the chair or treasurer can do that."
    assert say(phone(2), f"REJECT PAYOUT {closed.payout_id}") == "Only the chair or treasurer can do that."
    assert written(engine) == before
    assert sent(engine, "b2c", members[0]) == []


def test_a_stranger_and_an_unknown_payout_are_refused_without_changes(say, engine):
    _, members, closed = closed_chama(engine)
    run(engine, lambda c: membership.register_member(c, phone(9), "Outsider"))
    before = written(engine)
    assert say(phone(9), f"APPROVE PAYOUT {closed.payout_id}") == (
        "You are not a member of that chama. Join with JOIN and the chama's code.")
    assert say(phone(3), "APPROVE PAYOUT 999999") == "Nothing was found for that."
    assert written(engine) == before
    assert sent(engine, "b2c", members[0]) == []


def test_a_declined_payout_stays_unpaid_until_it_is_approved(say, engine):
    _, members, closed = closed_chama(engine)
    assert say(phone(3), f"REJECT PAYOUT {closed.payout_id}") == (
        "Not approved. The payout stays unpaid until a treasurer approves it.")
    assert sent(engine, "b2c", members[0]) == []
    assert say(phone(3), f"APPROVE PAYOUT {closed.payout_id}").startswith("Approved. KES 3,000")
    assert len(sent(engine, "b2c", members[0])) == 1


def test_a_swahili_treasurer_is_told_kubali_mgao_and_answered_in_swahili(say, engine):
    _, members, closed = closed_chama(engine, treasurer_language="sw")
    [notice] = sent(engine, "sms", members[2])
    assert notice.endswith(f"Kulipa kwa M-Pesa: KUBALI MGAO {closed.payout_id}.")
    reply = say(phone(3), f"KUBALI MGAO {closed.payout_id}")
    assert reply == "Umeidhinisha. KES 3,000 inatumwa kwa Member 1 kwa M-Pesa."
    assert len(sent(engine, "b2c", members[0])) == 1
    assert say(phone(3), f"KUBALI MGAO {closed.payout_id}") == "Jambo hilo tayari limeamuliwa."


def test_a_large_payout_waits_for_the_chair_who_approves_by_sms(say, engine):
    _, members, closed = closed_chama(engine, contribution=20_000, cycles=2)
    assert closed.recipient_member_id == members[1]
    assert say(phone(3), f"APPROVE PAYOUT {closed.payout_id}") == (
        "Approved. The payout now waits for the chair's approval.")
    assert sent(engine, "b2c", members[1]) == []
    [ask] = [body for body in sent(engine, "sms", members[0]) if "The chair must approve too" in body]
    assert ask.endswith(f"must approve too: APPROVE PAYOUT {closed.payout_id}.")

    assert say(phone(1), f"APPROVE PAYOUT {closed.payout_id}") == (
        "Approved. KES 60,000 is on its way to Member 2 by M-Pesa.")
    assert len(sent(engine, "b2c", members[1])) == 1


def test_the_chair_cannot_approve_her_own_pot_and_the_treasurer_alone_signs_it(say, engine):
    _, members, closed = closed_chama(engine, contribution=20_000)
    assert closed.recipient_member_id == members[0]
    money = lambda: {k: v for k, v in snapshot(engine).items() if k != "inbound_messages"}  # noqa: E731
    before = money()
    assert say(phone(1), f"APPROVE PAYOUT {closed.payout_id}") == (
        "You cannot approve money to yourself: another treasurer or the chair must approve it.")
    assert money() == before
    # above the threshold the chair would sign too; as the recipient she cannot, so the treasurer suffices
    assert say(phone(3), f"APPROVE PAYOUT {closed.payout_id}") == (
        "Approved. KES 60,000 is on its way to Member 1 by M-Pesa.")
    assert len(sent(engine, "b2c", members[0])) == 1

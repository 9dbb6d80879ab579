"""Members ratify large merry-go-round payouts (optional per chama): above the
chama's threshold every other member is asked YES/NO on P<id> when the cycle
closes, the B2C payment waits for the vote as well as the treasurer's
approval, and the outcome decides: passed, it leaves; failed (or undecided at
the closing date), it is never sent by M-Pesa and stays owed in the books."""
from datetime import date, datetime, timezone
from itertools import count

import pytest
from sqlalchemy import insert, select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.services.chama.pending import list_pending
from chamabora.core.chama import Role
from chamabora.services.payouts.approvals import approve_payout
from chamabora.services.payouts.disbursements import disbursements
from chamabora.outbox.store import outbox
from chamabora.services.payouts import defaults
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.lending import policy
from chamabora.services.payouts.payout_votes import PayoutNotRatified, ratifications
from chamabora.services.records import load_chama
from chamabora.services.records import members as member_rows
from tests import daraja
from tests.helpers import join_newcomer, make_chama, phone, run, snapshot

ANCHOR = date(2027, 1, 31)
WHEN = datetime(2027, 1, 31, 9, 0, tzinfo=timezone.utc)
AFTER_CLOSE = datetime(2027, 2, 4, 9, 0, tzinfo=timezone.utc)  # the vote closed on 03/02/2027
ids = count(1)


@pytest.fixture
def say(app):
    services = app.extensions["chamabora"]

    def send(who, text, when=WHEN):
        inbound = Inbound(ChannelKind.SMS, who, text, when, "africastalking", f"ATXid_pvote_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    return send


def closed_chama(engine, ratify_above=3000, vote_first=False):
    """Umoja, 5 members at KES 1,000, all paid and the cycle closed: the pot of KES 5,000 is owed to
    Member 1 (the chair); Member 3 is treasurer; Member 2 reads Swahili. The chama asks its members
    about pots above `ratify_above` shillings (None: never); 4 may vote, 2 YES pass it."""
    chama_id, members = make_chama(engine, 5, anchor=ANCHOR)

    def work(conn):
        membership.assign_role(conn, chama_id, members[0], members[2], Role.TREASURER)
        conn.execute(update(member_rows).where(member_rows.c.id == members[1]).values(language="sw"))
        if ratify_above is not None and not vote_first:
            policy.set_policy(conn, chama_id, members[0], payout_ratify_above_cents=ratify_above * 100)
        chama = load_chama(conn, chama_id)
        for n, member_id in enumerate(members):
            payments.record_payment(conn, chama_id, member_id, chama.terms.contribution, f"pay-{n}", ANCHOR)
        return payouts.close_cycle(conn, chama_id, None, ANCHOR).payout_id

    return chama_id, members, run(engine, work)


def sms(engine, member_id):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.channel == "sms", outbox.c.member_id == member_id)
                            .order_by(outbox.c.id)).scalars().all()


def written(engine):
    """Everything but the record of inbound messages, which every answered SMS adds to."""
    counts = snapshot(engine)
    counts.pop("inbound_messages")
    return counts


def b2c_rows(engine):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.payload).where(outbox.c.channel == "b2c")).scalars().all()


def payout_status(engine, payout_id):
    with engine.connect() as conn:
        return conn.execute(select(payouts.payouts.c.status).where(payouts.payouts.c.id == payout_id)).scalar_one()


def test_every_other_member_is_asked_to_ratify_a_pot_above_the_threshold_in_their_language(engine):
    _, members, payout_id = closed_chama(engine)
    asked = (f"Umoja: the pot of KES 5,000 for Member 1 needs the members' vote before it is sent. "
             f"Reply YES P{payout_id} or NO P{payout_id} by 03/02/2027.")
    for member_id in members[2:]:
        assert asked in sms(engine, member_id)
    assert (f"Umoja: mgao wa KES 5,000 kwa Member 1 unahitaji kura ya wanachama. "
            f"Jibu NDIO P{payout_id} au HAPANA P{payout_id} kabla ya 03/02/2027.") in sms(engine, members[1])
    assert not [body for body in sms(engine, members[0]) if "approval before it is sent" in body]


def test_the_payment_waits_for_the_vote_and_leaves_by_b2c_once_it_passes(app, client, say, engine):
    _, members, payout_id = closed_chama(engine)
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == (
        f"Approved. The payout now waits for the members' vote on P{payout_id}.")
    assert b2c_rows(engine) == []
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == "That item was already decided."

    assert say(phone(2), "NDIO") == f"Kura yako kuhusu P{payout_id} imehesabiwa: ndio 1, hapana 0 hadi sasa."
    assert b2c_rows(engine) == []
    assert say(phone(4), f"YES P{payout_id}") == (
        f"Your vote on P{payout_id} is counted. The payout was approved (2 yes, 0 no).")
    assert len(b2c_rows(engine)) == 1
    told = ("Umoja: members approved the payout of KES 5,000 to Member 1 (2 yes, 0 no). "
            "It goes by M-Pesa once the treasurer has approved it.")
    assert all(told in sms(engine, m) for m in [members[0], *members[2:]])
    assert say(phone(5), f"YES P{payout_id}") == "That vote is already closed."

    [attempt] = run(engine, lambda c: c.execute(select(disbursements)).all())
    assert daraja.post(client, "b2c/result", daraja.b2c(attempt.originator_conversation_id,
                                                        amount=5000)).status_code == 200
    assert payout_status(engine, payout_id) == "disbursed"


def test_a_vote_against_keeps_the_pot_off_mpesa_and_owed_to_its_recipient(say, engine):
    chama_id, members, payout_id = closed_chama(engine)
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}").startswith("Approved. The payout now waits")
    say(phone(2), f"HAPANA P{payout_id}")
    say(phone(3), f"NO P{payout_id}")
    assert say(phone(4), f"no p{payout_id}") == (
        f"Your vote on P{payout_id} is counted. The payout was not approved (0 yes, 3 no).")

    assert b2c_rows(engine) == [] and payout_status(engine, payout_id) == "payable"
    assert run(engine, lambda c: c.execute(select(disbursements.c.status)).scalars().all()) == ["declined"]
    assert ("Umoja: members voted against the payout of KES 5,000 to Member 1 (0 yes, 3 no). It is not sent; "
            "the chama still owes it.") in sms(engine, members[0])
    before = written(engine)
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == (
        "The members voted against this payout, so it is not sent by M-Pesa.")
    assert [item.ref for item in run(engine, lambda c: list_pending(c, chama_id, "en"))
            if item.source == "payouts"] == []
    with pytest.raises(PayoutNotRatified):
        run(engine, lambda c: approve_payout(c, payout_id, members[2], today=ANCHOR))
    assert written(engine) == before and b2c_rows(engine) == []


def test_a_vote_undecided_at_its_closing_date_fails(say, engine):
    _, members, payout_id = closed_chama(engine)
    say(phone(2), f"YES P{payout_id}")
    with pytest.raises(PayoutNotRatified):
        run(engine, lambda c: approve_payout(c, payout_id, members[2], today=AFTER_CLOSE.date()))
    assert say(phone(4), f"YES P{payout_id}", when=AFTER_CLOSE) == (
        f"Voting on P{payout_id} had closed, so your vote was not counted. The payout was not approved "
        "(1 yes, 0 no).")
    assert run(engine, lambda c: c.execute(select(ratifications.c.status)).scalar_one()) == "failed"
    assert b2c_rows(engine) == []


def test_a_vote_nobody_acts_on_after_its_closing_date_is_decided_by_the_schedule_once(app, say, engine):
    from chamabora.core.schedule import NAIROBI
    from chamabora.schedule.entries import BY_ID
    from chamabora.schedule.runner import run_firing

    _, members, payout_id = closed_chama(engine)
    say(phone(2), f"YES P{payout_id}")
    services = app.extensions["chamabora"]
    run_firing(services, BY_ID["close-votes"], datetime(2027, 2, 3, 0, 15, tzinfo=NAIROBI))
    assert run(engine, lambda c: c.execute(select(ratifications.c.status)).scalar_one()) == "voting"  # its last day
    run_firing(services, BY_ID["close-votes"], datetime(2027, 2, 4, 0, 15, tzinfo=NAIROBI))
    assert run(engine, lambda c: c.execute(select(ratifications.c.status)).scalar_one()) == "failed"
    told = ("Umoja: members voted against the payout of KES 5,000 to Member 1 (1 yes, 0 no). It is not sent; "
            "the chama still owes it.")
    assert all(told in sms(engine, m) for m in [members[0], *members[2:]])
    before = written(engine)
    run_firing(services, BY_ID["close-votes"], datetime(2027, 2, 5, 0, 15, tzinfo=NAIROBI))
    assert written(engine) == before and b2c_rows(engine) == []


def test_a_member_who_joins_while_the_vote_is_open_does_not_vote_on_the_pot(say, engine):
    chama_id, members, payout_id = closed_chama(engine)
    join_newcomer(engine, chama_id, 9, date(2027, 2, 1))
    assert say(phone(9), "YES") == "Nothing is waiting for your YES or NO."
    assert say(phone(9), f"YES P{payout_id}") == "You joined after this vote opened, so you do not vote on it."
    assert say(phone(4), f"YES P{payout_id}") == f"Your vote on P{payout_id} is counted: 1 yes, 0 no so far."


def test_a_vote_passed_before_the_approval_lets_the_approval_send_it_at_once(say, engine):
    _, members, payout_id = closed_chama(engine)
    say(phone(2), f"YES P{payout_id}")
    say(phone(5), "YES")
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == "Approved. KES 5,000 is on its way to Member 1 by M-Pesa."
    assert len(b2c_rows(engine)) == 1


def test_the_recipient_does_not_vote_on_their_own_pot(say, engine):
    _, members, payout_id = closed_chama(engine)
    before = written(engine)
    assert say(phone(1), f"YES P{payout_id}") == "That payout is yours, so the other members vote on it."
    assert say(phone(1), "YES") == "Nothing is waiting for your YES or NO."
    assert written(engine) == before


@pytest.mark.parametrize("ratify_above", [5000, None])
def test_a_pot_not_above_the_threshold_or_in_a_chama_without_one_goes_without_a_vote(say, engine, ratify_above):
    _, members, payout_id = closed_chama(engine, ratify_above=ratify_above)
    assert not [body for m in members for body in sms(engine, m) if "approval before it is sent" in body]
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == "Approved. KES 5,000 is on its way to Member 1 by M-Pesa."
    assert len(b2c_rows(engine)) == 1


def test_a_pot_owed_before_the_chama_set_its_threshold_is_put_to_the_members_at_its_approval(say, engine):
    chama_id, members, payout_id = closed_chama(engine, vote_first=True)
    run(engine, lambda c: policy.set_policy(c, chama_id, members[0], payout_ratify_above_cents=300000))
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == (
        f"Approved. The payout now waits for the members' vote on P{payout_id}.")
    assert any(f"Reply YES P{payout_id} or NO P{payout_id}" in body for body in sms(engine, members[3]))
    assert b2c_rows(engine) == []


def test_a_recipient_flagged_as_a_defaulter_during_the_vote_is_not_paid_when_it_passes(say, engine):
    chama_id, members, payout_id = closed_chama(engine)
    say(phone(3), f"APPROVE PAYOUT {payout_id}")
    run(engine, lambda c: c.execute(insert(defaults.flags), {
        "chama_id": chama_id, "member_id": members[0], "flagged_on": ANCHOR, "late_cents": 100000,
        "fines_cents": 0}))
    say(phone(2), f"YES P{payout_id}")
    assert say(phone(4), f"YES P{payout_id}").endswith("The payout was approved (2 yes, 0 no).")
    assert b2c_rows(engine) == []
    assert run(engine, lambda c: c.execute(select(disbursements.c.status)).scalars().all()) == ["declined"]
    assert say(phone(3), f"APPROVE PAYOUT {payout_id}") == (
        "Payouts to this member are blocked until they catch up on their contributions.")

"""Payouts leave by B2C only after approval (the chair too above the
threshold); a successful result disburses once and every member is told; a
failed one leaves the payout owed and tells the treasurer."""
import json
from datetime import date

import pytest
from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.core.errors import PayoutState
from chamabora.core.money import Money
from chamabora.services.payouts.approvals import approve_payout
from chamabora.services.payouts.disbursements import disbursements
from chamabora.outbox.store import outbox
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.ledger.store import entries
from tests import daraja
from tests.helpers import make_chama, run, snapshot

DUE = date(2027, 1, 31)


@pytest.fixture
def payout(engine):
    """Umoja, 4 members at KES 1,000, all paid; member 3 is treasurer; the pot (KES 4,000) goes to member 1."""
    chama_id, ids = make_chama(engine, 4, contribution=1000, anchor=DUE)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[2], Role.TREASURER))
    for n, member_id in enumerate(ids):
        run(engine, lambda c: payments.record_payment(c, chama_id, member_id, Money.shillings(1000),
                                                      f"mpesa:SEED{n}", DUE))
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], DUE))
    return chama_id, ids, closed.payout_id


def rows(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(select(table).where(*where).order_by(table.c.id)).all()


def test_the_treasurers_approval_queues_one_b2c_request(engine, payout):
    chama_id, ids, payout_id = payout
    state = run(engine, lambda c: approve_payout(c, payout_id, ids[2]))
    assert state.queued and state.approved_by == ("treasurer",)
    [b2c] = rows(engine, outbox, outbox.c.channel == "b2c")
    body = json.loads(b2c.payload)
    assert (b2c.recipient, body["amount_cents"], b2c.purpose) == ("+254700000001", 400000, "money")
    with pytest.raises(PayoutState, match="on its way"):
        run(engine, lambda c: approve_payout(c, payout_id, ids[2]))


def test_above_the_threshold_the_chair_signs_too_and_is_asked(engine, payout):
    chama_id, ids, first_pot = payout
    # the second cycle's pot goes to member 2, who holds no office
    for n, member_id in enumerate(ids):
        run(engine, lambda c: payments.record_payment(c, chama_id, member_id, Money.shillings(1000),
                                                      f"mpesa:FEB{n}", date(2027, 2, 20)))
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 2, 28)))
    payout_id = closed.payout_id
    assert closed.recipient_member_id == ids[1]
    low = Money.shillings(1000)
    first = run(engine, lambda c: approve_payout(c, payout_id, ids[2], second_signatory_above=low))
    assert not first.queued and first.waiting_for == ("chair",)
    assert any("The chair must approve too" in r.body for r in rows(engine, outbox, outbox.c.member_id == ids[0]))
    with pytest.raises(PayoutState, match="already approved"):
        run(engine, lambda c: approve_payout(c, payout_id, ids[2], second_signatory_above=low))
    second = run(engine, lambda c: approve_payout(c, payout_id, ids[0], second_signatory_above=low))
    assert second.queued and second.approved_by == ("treasurer", "chair")


def test_an_ordinary_member_cannot_approve_and_nothing_changes(engine, payout):
    chama_id, ids, payout_id = payout
    before = snapshot(engine)
    with pytest.raises(PayoutState, match="treasurer or the chair"):
        run(engine, lambda c: approve_payout(c, payout_id, ids[3]))
    assert snapshot(engine) == before


def test_a_successful_result_disburses_once_and_every_member_is_told(app, client, engine, payout):
    chama_id, ids, payout_id = payout
    run(engine, lambda c: approve_payout(c, payout_id, ids[2]))
    [attempt] = rows(engine, disbursements)
    for _ in range(3):
        assert daraja.post(client, "b2c/result", daraja.b2c(attempt.originator_conversation_id,
                                                            amount=4000)).status_code == 200
    assert [r.idempotency_key for r in rows(engine, entries, entries.c.kind == "disbursement")] == \
        ["disbursement:NLJ41HAY6Q"]
    assert rows(engine, payouts.payouts)[0].status == "disbursed"
    told = [r for r in rows(engine, outbox, outbox.c.channel == "sms") if "paid KES 4,000" in r.body]
    # the recipient is told in their own words; everyone else reads who received it
    assert sorted(r.member_id for r in told) == sorted(ids[1:])
    [own] = [r for r in rows(engine, outbox, outbox.c.channel == "sms") if r.member_id == ids[0]
             and "your pot" in r.body]
    assert own.body == "Umoja: your pot of KES 4,000 was sent to your M-Pesa (NLJ41HAY6Q). Send BAL to see your balance."
    assert "Umoja paid KES 4,000 to Member 1 (+2547****0001) by M-Pesa NLJ41HAY6Q. Approved by Member 3 " \
           "(treasurer)." in told[0].body


def test_a_failed_result_leaves_the_payout_owed_tells_the_treasurer_and_can_be_approved_again(app, client, engine,
                                                                                             payout):
    chama_id, ids, payout_id = payout
    run(engine, lambda c: approve_payout(c, payout_id, ids[2]))
    [attempt] = rows(engine, disbursements)
    before_entries = len(rows(engine, entries))
    daraja.post(client, "b2c/result", daraja.b2c(attempt.originator_conversation_id, code=2001))
    assert len(rows(engine, entries)) == before_entries and rows(engine, payouts.payouts)[0].status == "payable"
    [warning] = [r.body for r in rows(engine, outbox, outbox.c.member_id == ids[2]) if "failed" in r.body]
    assert "payout of KES 4,000 to Member 1 failed (The initiator information is invalid., 2001)" in warning
    again = run(engine, lambda c: approve_payout(c, payout_id, ids[2]))
    assert again.queued and len(rows(engine, disbursements)) == 2


def test_a_timeout_marks_the_fate_unknown_until_a_status_query_answers(app, client, engine, payout):
    chama_id, ids, payout_id = payout
    run(engine, lambda c: approve_payout(c, payout_id, ids[2]))
    [attempt] = rows(engine, disbursements)
    timeout = {"Result": {"ResultType": 1, "ResultCode": 1, "ResultDesc": "The service request has timed out.",
                          "OriginatorConversationID": attempt.originator_conversation_id, "ConversationID": ""}}
    assert daraja.post(client, "b2c/timeout", timeout).status_code == 200
    assert rows(engine, disbursements)[0].status == "unknown"


def test_forged_and_malformed_results_change_nothing(app, client, engine, payout):
    chama_id, ids, payout_id = payout
    run(engine, lambda c: approve_payout(c, payout_id, ids[2]))
    originator = rows(engine, disbursements)[0].originator_conversation_id
    before = snapshot(engine)
    assert daraja.post(client, "b2c/result", daraja.b2c(originator), token=None).status_code == 403
    assert daraja.post(client, "b2c/result", {"Result": {"ResultCode": 0}}).status_code == 400
    assert daraja.post(client, "b2c/result", "{oops").status_code == 400
    assert snapshot(engine) == before

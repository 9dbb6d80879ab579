"""An approved loan leaves by B2C: approval queues one request; a success
(however often M-Pesa repeats it) disburses the loan once and tells the
borrower and every member; a failure leaves it approved and tells the
treasurer; a success for a loan recorded by hand meanwhile books nothing
more and asks the treasurer to recover the second payment."""
import json
from datetime import date, datetime, timezone

from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.core.money import Money
from chamabora.services.payouts.disbursements import disbursements
from chamabora.outbox.store import outbox
from chamabora.services.lending import loan_repayments
from chamabora.services.lending import loans
from chamabora.services.people import membership
from chamabora.services.savings import accounts as savings
from chamabora.services.ledger.store import entries
from tests import daraja
from tests.helpers import make_chama, run

K = Money.shillings
DAY = date(2027, 1, 10)
AT = datetime(2027, 1, 10, 9, tzinfo=timezone.utc)


def approved_loan(engine):
    """4 members with KES 10,000 saved each; member 2 is treasurer and approves member 3's KES 30,000 loan."""
    chama_id, ids = make_chama(engine, 4)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    for i, member_id in enumerate(ids):
        run(engine, lambda c, m=member_id, i=i: savings.record_saving(c, chama_id, m, K(10000), f"s{i}", AT))
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(30000), 3, DAY))
    assert run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY)) == "approved"
    return chama_id, ids, loan_id


def rows(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(select(table).where(*where).order_by(table.c.id)).all()


def test_approval_queues_one_b2c_request_to_the_borrower(engine):
    chama_id, ids, loan_id = approved_loan(engine)
    [b2c] = rows(engine, outbox, outbox.c.channel == "b2c")
    body = json.loads(b2c.payload)
    assert (b2c.recipient, b2c.purpose, body["amount_cents"], body["loan_id"], body["payout_id"]) == \
        ("+254700000003", "money", 3000000, loan_id, None)
    [attempt] = rows(engine, disbursements)
    assert (attempt.loan_id, attempt.payout_id, attempt.status) == (loan_id, None, "queued")
    assert run(engine, lambda c: loans.awaiting_disbursement(c, chama_id)) == [loan_id]


def test_a_success_delivered_three_times_disburses_the_loan_once(app, client, engine):
    chama_id, ids, loan_id = approved_loan(engine)
    [attempt] = rows(engine, disbursements)
    for _ in range(3):
        assert daraja.post(client, "b2c/result", daraja.b2c(attempt.originator_conversation_id,
                                                            amount=30000)).status_code == 200
    assert [r.idempotency_key for r in rows(engine, entries, entries.c.idempotency_key.like("loan_out:%"))] == \
        ["loan_out:NLJ41HAY6Q"]
    [loan] = rows(engine, loans.loans, loans.loans.c.id == loan_id)
    assert (loan.status, loan.disbursement_ref) == ("disbursed", "NLJ41HAY6Q")
    assert (rows(engine, disbursements)[0].status, rows(engine, disbursements)[0].receipt) == ("paid", "NLJ41HAY6Q")
    sms = rows(engine, outbox, outbox.c.channel == "sms")
    [sent] = [r for r in sms if r.member_id == ids[2] and "was sent to your M-Pesa" in r.body]
    assert "your loan of KES 30,000 was sent to your M-Pesa (NLJ41HAY6Q). First instalment" in sent.body
    told = [r for r in sms if "paid KES 30,000" in r.body]
    # every other member hears where the money went; the borrower's own message told them
    assert sorted(r.member_id for r in told) == sorted(set(ids) - {ids[2]})
    assert "to Member 3 (+2547****0003) by M-Pesa NLJ41HAY6Q. Approved by Member 2 (treasurer)." in told[0].body
    assert run(engine, lambda c: loans.awaiting_disbursement(c, chama_id)) == []


def test_a_failed_result_leaves_the_loan_awaiting_and_tells_the_treasurer(app, client, engine):
    chama_id, ids, loan_id = approved_loan(engine)
    [attempt] = rows(engine, disbursements)
    before_entries = len(rows(engine, entries))
    assert daraja.post(client, "b2c/result", daraja.b2c(attempt.originator_conversation_id,
                                                        code=2001)).status_code == 200
    assert len(rows(engine, entries)) == before_entries
    assert rows(engine, loans.loans, loans.loans.c.id == loan_id)[0].status == "approved"
    assert run(engine, lambda c: loans.awaiting_disbursement(c, chama_id)) == [loan_id]
    [warning] = [r.body for r in rows(engine, outbox, outbox.c.member_id == ids[1]) if "could not send the loan" in r.body]
    assert "M-Pesa could not send the loan of KES 30,000 to Member 3 (The initiator information is " \
           "invalid., 2001). It stays approved" in warning
    assert not [r for r in rows(engine, outbox, outbox.c.member_id == ids[2]) if "was sent to your M-Pesa" in r.body]


def test_a_success_for_a_loan_recorded_by_hand_meanwhile_is_kept_not_booked_and_the_treasurer_is_told(
        app, client, engine):
    chama_id, ids, loan_id = approved_loan(engine)
    [attempt] = rows(engine, disbursements)
    # the treasurer paid the borrower some other way and recorded it before M-Pesa answered
    run(engine, lambda c: loan_repayments.record_disbursement(c, loan_id, "QHAND12345", DAY, AT))
    for _ in range(2):
        assert daraja.post(client, "b2c/result", daraja.b2c(attempt.originator_conversation_id,
                                                            amount=30000)).status_code == 200

    assert [r.idempotency_key for r in rows(engine, entries, entries.c.idempotency_key.like("loan_out:%"))] == \
        ["loan_out:QHAND12345"]
    [loan] = rows(engine, loans.loans, loans.loans.c.id == loan_id)
    assert (loan.status, loan.disbursement_ref) == ("disbursed", "QHAND12345")
    [kept] = rows(engine, disbursements)
    assert (kept.status, kept.receipt, kept.entry_id) == ("paid", "NLJ41HAY6Q", None)
    [warning] = [r.body for r in rows(engine, outbox, outbox.c.member_id == ids[1]) if "no longer waited" in r.body]
    assert warning == ("Umoja: M-Pesa NLJ41HAY6Q sent KES 30,000 to Member 3 for loan L1, which no longer "
                       "waited for it. Check the books and recover it.")
    assert not [r for r in rows(engine, outbox, outbox.c.member_id == ids[2]) if "was sent to your M-Pesa" in r.body]
    assert len(rows(engine, loans.instalments, loans.instalments.c.loan_id == loan_id)) == 3  # one schedule

"""An STK payment that reconciliation resolved by query (no receipt number)
and the member's forwarded confirmation of the same payment are counted once,
in either order; a different payment is still counted on its own."""
from datetime import datetime, timezone

from sqlalchemy import insert, select

from chamabora.core.money import Money
from chamabora.services.mpesa import prompts
from chamabora.db.mpesa_tables import StkRequest
from chamabora.parser.daraja import StkResult
from chamabora.services.ledger import statements
from chamabora.services.ledger.store import entries
from tests.integration.test_fraud_flow import CODE, MARY, chama, read, say, sent  # noqa: F401 - fixture

requests_table = StkRequest.__table__
SENT_AT = datetime(2027, 1, 10, 8, 38, tzinfo=timezone.utc)  # the prompt, two minutes before 11:40 in Nairobi


def prompt(services, chama_id, member_id, checkout="ws_CO_q1", shillings=1000):
    services.run(lambda conn: conn.execute(insert(requests_table), {
        "chama_id": chama_id, "member_id": member_id, "phone": MARY, "amount_cents": shillings * 100,
        "account_reference": "UMOJA", "merchant_request_id": "m-" + checkout, "checkout_request_id": checkout,
        "status": "pending", "created_at": SENT_AT}))


def resolved_by_query(services, checkout="ws_CO_q1"):
    # what reconciliation learns from an STK query: paid, but no receipt number
    result = StkResult("m-" + checkout, checkout, "0", "The service request is processed successfully.")
    return services.run(lambda conn: prompts.apply_stk_result(conn, result, resolved_by="query"))


def keys(services):
    return sorted(r.idempotency_key for r in read(services, select(entries.c.idempotency_key).where(
        entries.c.kind == "payment")))


def contributed(services, chama_id, member_id):
    """Paid towards dues plus paid ahead: every shilling the member has put in."""
    balance = services.run(lambda conn: statements.member_balance(conn, chama_id, member_id))
    return balance.contributed + balance.credit


def receipt_of(services, checkout="ws_CO_q1"):
    return read(services, select(requests_table.c.receipt).where(
        requests_table.c.checkout_request_id == checkout))[0].receipt


def test_a_forwarded_receipt_for_a_payment_reconciled_by_query_is_confirmed_not_counted_again(chama):
    services, chama_id, people = chama
    prompt(services, chama_id, people[2])
    assert resolved_by_query(services) == "applied"
    assert keys(services) == ["stk:ws_CO_q1"]
    reply = say(services, MARY, sent(CODE))
    assert reply.startswith(f"Thank you. M-Pesa payment {CODE} of KES 1,000 is confirmed")
    assert keys(services) == ["stk:ws_CO_q1"]
    assert receipt_of(services) == CODE
    assert contributed(services, chama_id, people[2]) == Money.shillings(1000)


def test_a_payment_reconciled_by_query_after_its_receipt_was_forwarded_is_not_counted_again(chama):
    services, chama_id, people = chama
    prompt(services, chama_id, people[2])
    assert "is counted" in say(services, MARY, sent(CODE))
    assert keys(services) == [f"mpesa:{CODE}"]
    assert resolved_by_query(services) == "applied"
    assert keys(services) == [f"mpesa:{CODE}"]
    assert receipt_of(services) == CODE
    assert contributed(services, chama_id, people[2]) == Money.shillings(1000)


def test_a_forwarded_receipt_for_another_amount_is_a_payment_of_its_own(chama):
    services, chama_id, people = chama
    prompt(services, chama_id, people[2], shillings=500)
    resolved_by_query(services)
    assert "is counted" in say(services, MARY, sent(CODE))
    assert keys(services) == [f"mpesa:{CODE}", "stk:ws_CO_q1"]
    assert receipt_of(services) is None
    assert contributed(services, chama_id, people[2]) == Money.shillings(1500)


def test_a_repayment_prompt_reconciled_after_its_receipt_was_counted_as_a_contribution_is_not_counted_again(chama):
    from chamabora.outbox.store import outbox
    from chamabora.services.records import audit

    services, chama_id, people = chama
    services.run(lambda conn: conn.execute(insert(requests_table), {
        "chama_id": chama_id, "member_id": people[2], "phone": MARY, "amount_cents": 100_000,
        "account_reference": "UMOJA", "merchant_request_id": "m-ws_CO_q1", "checkout_request_id": "ws_CO_q1",
        "status": "pending", "created_at": SENT_AT, "purpose": "loan_repayment", "details": '{"loan_id": 1}'}))
    assert "is counted" in say(services, MARY, sent(CODE))
    assert resolved_by_query(services) == "applied"
    assert keys(services) == [f"mpesa:{CODE}"]  # counted once, as the contribution the claim made
    assert read(services, select(audit.c.action).where(audit.c.action == "stk.matched_claim"))
    [told] = read(services, select(outbox.c.body).where(outbox.c.recipient == "+254722000002",
                                                        outbox.c.body.like("%counted as a contribution%")))
    assert told.body == (f"Umoja: {CODE}, KES 1,000 from Mary Akinyi for a loan repayment, is counted as a "
                         "contribution they forwarded. Move it if needed.")

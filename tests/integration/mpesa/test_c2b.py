"""C2B payments to the paybill: matched by the account number the payer
typed, or held for the treasurer, who assigns them by receipt."""
from datetime import date

import pytest
from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.core.errors import Forbidden, NotFound, PayoutState
from chamabora.core.money import Money
from chamabora.services.mpesa import paybill
from chamabora.outbox.store import outbox
from chamabora.services.people import membership
from chamabora.services.ledger import statements
from tests import daraja
from tests.helpers import forget_notices, make_chama, run, snapshot


@pytest.fixture
def chama(engine):
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[2], Role.TREASURER))
    forget_notices(engine)
    return chama_id, ids


def contributed(engine, chama_id, member_id):
    return run(engine, lambda c: statements.member_balance(c, chama_id, member_id)).contributed


def messages_to(engine, member_id):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.member_id == member_id)).scalars().all()


@pytest.mark.parametrize("ref", ["UMOJA-2", "umoja 2", "UMOJA2", "UMOJA#2", "UMOJA 0700000002", "umoja254700000002"])
def test_account_numbers_name_the_member_in_every_common_spelling(engine, chama, ref):
    chama_id, ids = chama
    assert run(engine, lambda c: paybill.match_account(c, ref)) == paybill.Match(chama_id, ids[1])


@pytest.mark.parametrize("ref, known_chama", [("UMOJA", True), ("UMOJA-9", True), ("UMOJAX", True), ("", False),
                                              ("0700000002", False)])
def test_unreadable_account_numbers_match_no_member(engine, chama, ref, known_chama):
    match = run(engine, lambda c: paybill.match_account(c, ref))
    assert match.member_id is None and (match.chama_id is not None) == known_chama


def test_a_matched_confirmation_posts_once_with_a_receipt(app, client, engine, chama):
    chama_id, ids = chama
    for _ in range(3):
        response = daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6S", "1000.00", "UMOJA-2"))
        assert response.get_json() == {"ResultCode": 0, "ResultDesc": "Success"}
    assert contributed(engine, chama_id, ids[1]) == Money.shillings(1000)
    [receipt] = messages_to(engine, ids[1])
    assert receipt.startswith("Received KES 1,000 for Umoja (M-Pesa RKTQDM7W6S)")


def test_an_unmatched_payment_is_held_the_treasurer_told_and_assigned_by_receipt(app, client, engine, chama):
    chama_id, ids = chama
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6T", "500.00", "UMOJA jane"))
    assert contributed(engine, chama_id, ids[1]) == Money(0)
    [notice] = messages_to(engine, ids[2])
    assert notice == ("Umoja: M-Pesa RKTQDM7W6T, KES 500 from JOHN DOE (account UMOJA jane), fits no member. "
                      "Reply CREDIT RKTQDM7W6T and their phone.")
    assert run(engine, lambda c: paybill.unmatched(c, chama_id))[0][:2] == ("RKTQDM7W6T", Money.shillings(500))
    with pytest.raises(Forbidden):
        run(engine, lambda c: paybill.assign_unmatched(c, "RKTQDM7W6T", ids[1], actor_id=ids[1]))
    result = run(engine, lambda c: paybill.assign_unmatched(c, "rktqdm7w6t", ids[1], actor_id=ids[2]))
    assert not result.duplicate and contributed(engine, chama_id, ids[1]) == Money.shillings(500)
    with pytest.raises(paybill.AlreadyCredited) as again:
        run(engine, lambda c: paybill.assign_unmatched(c, "RKTQDM7W6T", ids[1], actor_id=ids[2]))
    assert isinstance(again.value, PayoutState) and again.value.code == "already_credited"
    with pytest.raises(NotFound):
        run(engine, lambda c: paybill.assign_unmatched(c, "NOSUCHCODE", ids[1], actor_id=ids[2]))
    assert run(engine, lambda c: paybill.unmatched(c, chama_id)) == []


def test_a_payment_naming_no_chama_waits_for_an_operator_and_needs_a_chama_to_assign(app, client, engine, chama):
    chama_id, ids = chama
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6U", "300.00", "whatever"))
    assert [r[0] for r in run(engine, lambda c: paybill.unmatched(c, None))] == ["RKTQDM7W6U"]
    run(engine, lambda c: paybill.assign_unmatched(c, "RKTQDM7W6U", ids[0], actor_id=ids[2], chama_id=chama_id))
    assert contributed(engine, chama_id, ids[0]) == Money.shillings(300)


def test_validation_accepts_by_default_and_rejects_unknown_accounts_only_when_strict(engine, make_app, chama):
    url = engine.url.render_as_string(hide_password=False)
    lenient, strict = make_app(url).test_client(), make_app(url, mpesa_c2b_strict=True).test_client()
    unknown, known = daraja.c2b("RKTQDM7W6V", bill_ref="NOBODY"), daraja.c2b("RKTQDM7W6V", bill_ref="UMOJA-3")
    assert daraja.post(lenient, "c2b/validation", unknown).get_json() == {"ResultCode": "0", "ResultDesc": "Accepted"}
    assert daraja.post(strict, "c2b/validation", unknown).get_json() == {"ResultCode": "C2B00012",
                                                                         "ResultDesc": "Rejected"}
    assert daraja.post(strict, "c2b/validation", known).get_json()["ResultCode"] == "0"
    assert snapshot(engine)["mpesa_c2b_payments"] == 0


def test_a_forged_or_malformed_confirmation_changes_nothing(app, client, engine, chama):
    before = snapshot(engine)
    assert daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6W"), token="nope").status_code == 403
    assert daraja.post(client, "c2b/confirmation", {"TransID": "X"}).status_code == 400
    assert daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6W", amount="-5")).status_code == 400
    assert daraja.post(client, "c2b/validation", b"not json").status_code == 400
    assert snapshot(engine) == before

"""One account reference for every money purpose: each one Daraja's rule accepts
(as our client checks it and as the simulator checks it), each one read back
to its purpose, and no chama's join code that could be mistaken for one."""
import pytest
import responses

from chamabora.core import account_reference as ref
from chamabora.core.chama import normalize_join_code
from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money
from chamabora.providers.mpesa.client import DarajaClient, DarajaConfig
from chamabora.providers.mpesa.errors import DarajaRejected
from chamabora.providers.mpesa.simulator.app import ACCOUNT_REFERENCE

BASE = "https://sandbox.safaricom.co.ke"
NUMBERS = (1, 9, 10, 4096, 99_999_999)
BUILT = ([(ref.contribution(code), ref.CONTRIBUTION, None) for code in ("UMOJA", "abc", "K2Z9Q8W7E6R5")]
         + [(ref.saving(n), ref.SAVING, n) for n in NUMBERS]
         + [(ref.saving(7, goal_id=n), ref.GOAL, n) for n in NUMBERS]
         + [(ref.loan_repayment(n), ref.LOAN_REPAYMENT, n) for n in NUMBERS]
         + [(ref.subscription(n), ref.SUBSCRIPTION, n) for n in NUMBERS])


def client():
    return DarajaClient(DarajaConfig(base_url=BASE, consumer_key="ck", consumer_secret="cs", shortcode="174379",
                                     passkey="pk", backoff_seconds=0.001))


@pytest.mark.parametrize("reference, purpose, number", BUILT)
def test_every_reference_we_build_passes_the_clients_check_and_the_simulators(reference, purpose, number):
    with responses.RequestsMock() as daraja:
        daraja.get(f"{BASE}/oauth/v1/generate", json={"access_token": "tok", "expires_in": "3599"})
        daraja.post(f"{BASE}/mpesa/stkpush/v1/processrequest", json={
            "MerchantRequestID": "1", "CheckoutRequestID": "ws_CO_1", "ResponseCode": "0"})
        client().stk_push("+254712345678", Money.shillings(5), reference, "https://x/cb")
        assert daraja.calls[1].request.body.decode().count(f'"AccountReference": "{reference}"') == 1
    assert ACCOUNT_REFERENCE.match(reference)


@pytest.mark.parametrize("reference, purpose, number", BUILT)
def test_every_reference_reads_back_as_its_purpose_and_number(reference, purpose, number):
    read = ref.read(reference)
    assert (read.purpose, read.number) == (purpose, number)
    assert str(read) == reference


def test_the_old_hyphenated_references_are_what_the_client_and_simulator_refuse():
    for old in ("SAVE-4", "LOAN-12", "SUB-3", "UMOJA CHAMA", "ÉPARGNE1"):
        assert not ref.acceptable(old) and not ACCOUNT_REFERENCE.match(old)
        with pytest.raises(DarajaRejected, match="AccountReference"):
            client().stk_push("+254712345678", Money.shillings(5), old, "https://x/cb")


def test_numbers_that_would_not_fit_or_name_nothing_are_refused_when_building():
    for number in (0, -3, 100_000_000, True):
        with pytest.raises(ValueError):
            ref.loan_repayment(number)
    with pytest.raises(ValueError):
        ref.contribution("UMOJA-CHAMA")


def test_a_typed_reference_reads_the_same_in_any_case_and_text_we_never_build_reads_as_nothing():
    assert ref.read(" loan12 ") == ref.read("LOAN12")
    assert ref.read("umoja").code == "UMOJA"
    assert ref.read("LOAN-12") is None and ref.read("") is None and ref.read("X" * 13) is None
    assert ref.read("LOAN012").purpose == ref.CONTRIBUTION   # not a number we would write


def test_a_join_code_shaped_like_a_purpose_reference_is_refused():
    for code in ("LOAN12", "save4", "Goal 7", "PLAN-3"):
        with pytest.raises(InvalidInput):
            normalize_join_code(code)
    assert normalize_join_code("LOANS") == "LOANS" and normalize_join_code("SAVE4U") == "SAVE4U"

"""Decoding Daraja's callbacks: every field found by name, amounts exact,
and anything not in Daraja's shape refused before it is stored."""
import base64
import json
from datetime import datetime
from decimal import Decimal

import pytest

from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.parser.daraja import BadCallback
from chamabora.parser.daraja import decode_c2b, decode_result, decode_stk, loads
from chamabora.providers.mpesa.wire import msisdn, stk_password, timestamp
from tests import daraja

SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"


def test_the_portal_sample_stk_callback_decodes_with_an_exact_amount():
    result = decode_stk(loads(daraja.STK_SUCCESS_SAMPLE))
    assert result.succeeded and result.amount == Money(100) and result.receipt == "NLJ7RT61SV"
    assert result.paid_at == datetime(2019, 12, 19, 10, 21, 15, tzinfo=NAIROBI)
    assert (result.checkout_request_id, result.phone) == ("ws_CO_191220191020363925", "+254708374149")


def test_items_are_found_by_name_in_any_order_and_a_valueless_balance_is_accepted():
    result = decode_stk(loads(json.dumps(daraja.stk("ws_CO_1", amount=1500))))
    assert (result.amount, result.receipt) == (Money.shillings(1500), "QGH7XK2L9P")


@pytest.mark.parametrize("code", [1, 1032, 1037, 2001, 1019, 17])
def test_a_failed_stk_callback_has_only_its_ids_and_code(code):
    result = decode_stk(daraja.stk("ws_CO_2", code=code))
    assert not result.succeeded and result.result_code == str(code) and result.amount is None


@pytest.mark.parametrize("body", [
    [], {"Body": {}}, {"Body": {"stkCallback": {"CheckoutRequestID": "x", "ResultCode": 0}}},
    {"Body": {"stkCallback": {"MerchantRequestID": "m", "CheckoutRequestID": "c", "ResultCode": 0}}},
    {"Body": {"stkCallback": {"MerchantRequestID": "m", "CheckoutRequestID": "c"}}},
    daraja.stk("c", amount="lots"), daraja.stk("c", when=2019),
])
def test_bodies_not_in_darajas_shape_are_refused(body):
    with pytest.raises(BadCallback):
        decode_stk(body)


def test_broken_json_is_refused():
    with pytest.raises(BadCallback):
        loads(b'{"Body": {"stkCallback": ')


def test_amounts_are_read_as_decimals_never_floats():
    assert loads('{"Value": 1.10}')["Value"] == Decimal("1.10")


def test_a_c2b_v2_confirmation_with_a_masked_msisdn_decodes():
    notice = decode_c2b(daraja.c2b("RKTQDM7W6S", amount="1,500.00", bill_ref=" umoja-2 "))
    assert (notice.trans_id, notice.amount, notice.bill_ref) == ("RKTQDM7W6S", Money.shillings(1500), "umoja-2")
    assert notice.msisdn == "2547 ***** 126" and notice.payer_name == "JOHN DOE"
    assert notice.trans_time == datetime(2027, 1, 20, 10, 15, tzinfo=NAIROBI)


def test_b2c_results_decode_with_the_parameter_list_or_a_single_parameter():
    ok = decode_result(daraja.b2c("orig-1"))
    single = decode_result(daraja.b2c("orig-1", single_parameter=True))
    failed = decode_result(daraja.b2c("orig-1", code=2001))
    assert ok.succeeded and ok.transaction_id == "NLJ41HAY6Q" and ok.parameters["B2CUtilityAccountAvailableFunds"] is None
    assert single.parameters == {"TransactionReceipt": "NLJ41HAY6Q"}
    assert not failed.succeeded and failed.parameters == {}


def test_a_queue_timeout_without_the_result_wrapper_decodes():
    result = decode_result({"OriginatorConversationID": "o-2", "ConversationID": "c", "ResultCode": 1,
                            "ResultDesc": "The service request has timed out."})
    assert (result.originator_conversation_id, result.result_code) == ("o-2", "1")


def test_the_password_matches_the_portal_sample():
    expected = base64.b64encode(f"174379{SANDBOX_PASSKEY}20210628092408".encode()).decode()
    assert stk_password("174379", SANDBOX_PASSKEY, "20210628092408") == expected
    assert expected.startswith("MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4")


def test_timestamps_are_nairobi_wall_clock_and_msisdns_are_numbers():
    assert timestamp(datetime(2027, 1, 1, 21, 30, tzinfo=NAIROBI).astimezone(NAIROBI)) == "20270101213000"
    assert msisdn("+254712345678") == 254712345678
    with pytest.raises(BadCallback):
        msisdn("+44712345678")

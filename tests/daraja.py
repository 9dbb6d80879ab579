"""Daraja's callback bodies for tests, in Safaricom's own shapes
(PROTOCOLS.md §5: the STK sample from the Daraja portal, C2B v2 with a
masked MSISDN, B2C v3 results), and helpers to post them to our endpoints."""
from __future__ import annotations

import json

TOKEN = "test-webhook-secret"

STK_SUCCESS_SAMPLE = """{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1",
 "CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":0,
 "ResultDesc":"The service request is processed successfully.",
 "CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
 {"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}"""


def stk(checkout: str, code: int = 0, amount: object = 500, receipt: str = "QGH7XK2L9P",
        when: int = 20270120101500, phone: int = 254700000002, merchant: str = "29115-34620561-1") -> dict:
    callback: dict = {"MerchantRequestID": merchant, "CheckoutRequestID": checkout, "ResultCode": code,
                      "ResultDesc": "The service request is processed successfully." if code == 0 else "Failed"}
    if code == 0:
        # order varies and the Balance item carries no value: both as Daraja sends them
        callback["CallbackMetadata"] = {"Item": [
            {"Name": "MpesaReceiptNumber", "Value": receipt}, {"Name": "Balance"},
            {"Name": "Amount", "Value": amount}, {"Name": "TransactionDate", "Value": when},
            {"Name": "PhoneNumber", "Value": phone}]}
    return {"Body": {"stkCallback": callback}}


def c2b(trans_id: str, amount: str = "500.00", bill_ref: str = "UMOJA-2", when: str = "20270120101500") -> dict:
    return {"TransactionType": "Pay Bill", "TransID": trans_id, "TransTime": when, "TransAmount": amount,
            "BusinessShortCode": "600638", "BillRefNumber": bill_ref, "InvoiceNumber": "",
            "OrgAccountBalance": "49197.00", "ThirdPartyTransID": "", "MSISDN": "2547 ***** 126",
            "FirstName": "JOHN", "MiddleName": "", "LastName": "DOE"}


def b2c(originator: str, code: int = 0, receipt: str = "NLJ41HAY6Q", amount: int = 2000,
        conversation: str = "AG_20270205_00004e6f7dd2ac3d6a9e", single_parameter: bool = False) -> dict:
    result: dict = {"ResultType": 0, "ResultCode": code,
                    "ResultDesc": "The service request is processed successfully." if code == 0
                    else "The initiator information is invalid.",
                    "OriginatorConversationID": originator, "ConversationID": conversation,
                    "TransactionID": receipt,
                    "ReferenceData": {"ReferenceItem": {"Key": "QueueTimeoutURL",
                                                        "Value": "https://internalsandbox.safaricom.co.ke/"}}}
    if code == 0:
        params = [{"Key": "TransactionAmount", "Value": amount}, {"Key": "TransactionReceipt", "Value": receipt},
                  {"Key": "ReceiverPartyPublicName", "Value": "254700000002 - Member 2"},
                  {"Key": "TransactionCompletedDateTime", "Value": "05.02.2027 10:48:52"},
                  {"Key": "B2CUtilityAccountAvailableFunds"}, {"Key": "B2CWorkingAccountAvailableFunds"},
                  {"Key": "B2CRecipientIsRegisteredCustomer", "Value": "Y"},
                  {"Key": "B2CChargesPaidAccountAvailableFunds"}]
        result["ResultParameters"] = {"ResultParameter": params[1] if single_parameter else params}
    return {"Result": result}


def post(client, path: str, body: object, token: str | None = TOKEN, **kwargs):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    query = f"?token={token}" if token else ""
    return client.post(f"/mpesa/{path}{query}", data=data, content_type="application/json", **kwargs)

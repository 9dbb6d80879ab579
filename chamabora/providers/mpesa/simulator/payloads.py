"""The bodies the simulator posts back, in Daraja's own shapes (see
PROTOCOLS.md §5.3, §5.5, §5.6): what our callbacks must understand."""
from __future__ import annotations

import secrets
import string
from datetime import datetime

from chamabora.core.schedule import NAIROBI

RECEIPT_ALPHABET = string.ascii_uppercase + string.digits
STK_DESCRIPTIONS = {
    "0": "The service request is processed successfully.",
    "1": "The balance is insufficient for the transaction.",
    "1032": "Request cancelled by user",
    "1037": "DS timeout user cannot be reached",
    "2001": "The initiator information is invalid.",
}


def receipt() -> str:
    return "S" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(9))


def stamp(moment: datetime | None = None) -> int:
    return int((moment or datetime.now(NAIROBI)).astimezone(NAIROBI).strftime("%Y%m%d%H%M%S"))


def stk_callback(merchant_id: str, checkout_id: str, code: str, amount: int, phone: int,
                 receipt_no: str, paid_at: datetime | None = None) -> dict[str, object]:
    callback: dict[str, object] = {"MerchantRequestID": merchant_id, "CheckoutRequestID": checkout_id,
                                   "ResultCode": int(code), "ResultDesc": STK_DESCRIPTIONS.get(code, "Failed")}
    if code == "0":
        callback["CallbackMetadata"] = {"Item": [
            {"Name": "Amount", "Value": amount}, {"Name": "MpesaReceiptNumber", "Value": receipt_no},
            {"Name": "Balance"}, {"Name": "TransactionDate", "Value": stamp(paid_at)},
            {"Name": "PhoneNumber", "Value": phone}]}
    return {"Body": {"stkCallback": callback}}


def c2b_notice(trans_id: str, amount: int, bill_ref: str, shortcode: str, msisdn: int,
               first_name: str = "JOHN") -> dict[str, object]:
    digits = str(msisdn)
    return {"TransactionType": "Pay Bill", "TransID": trans_id, "TransTime": str(stamp()),
            "TransAmount": f"{amount}.00", "BusinessShortCode": shortcode, "BillRefNumber": bill_ref,
            "InvoiceNumber": "", "OrgAccountBalance": "", "ThirdPartyTransID": "",
            "MSISDN": f"{digits[:4]} ***** {digits[-3:]}", "FirstName": first_name, "MiddleName": "",
            "LastName": ""}


def b2c_result(originator: str, conversation: str, code: str, amount: int, phone: int,
               receipt_no: str, timeout_url: str) -> dict[str, object]:
    result: dict[str, object] = {
        "ResultType": 0, "ResultCode": int(code) if code.isdigit() else code,
        "ResultDesc": "The service request is processed successfully." if code == "0"
        else "The initiator information is invalid." if code == "2001" else "The transaction failed.",
        "OriginatorConversationID": originator, "ConversationID": conversation, "TransactionID": receipt_no,
        "ReferenceData": {"ReferenceItem": {"Key": "QueueTimeoutURL", "Value": timeout_url}}}
    if code == "0":
        completed = datetime.now(NAIROBI).strftime("%d.%m.%Y %H:%M:%S")
        result["ResultParameters"] = {"ResultParameter": [
            {"Key": "TransactionAmount", "Value": amount}, {"Key": "TransactionReceipt", "Value": receipt_no},
            {"Key": "ReceiverPartyPublicName", "Value": f"{phone} - CHAMA MEMBER"},
            {"Key": "TransactionCompletedDateTime", "Value": completed},
            {"Key": "B2CUtilityAccountAvailableFunds", "Value": 100000.00},
            {"Key": "B2CWorkingAccountAvailableFunds", "Value": 900000.00},
            {"Key": "B2CRecipientIsRegisteredCustomer", "Value": "Y"},
            {"Key": "B2CChargesPaidAccountAvailableFunds", "Value": -4510.00}]}
    return {"Result": result}


def status_result(originator: str, conversation: str, found: dict[str, object] | None) -> dict[str, object]:
    if found is None:
        return {"Result": {"ResultType": 0, "ResultCode": 2001, "ResultDesc": "The transaction was not found.",
                           "OriginatorConversationID": originator, "ConversationID": conversation,
                           "TransactionID": ""}}
    params = [{"Key": "ReceiptNo", "Value": found["receipt"]}, {"Key": "TransactionStatus", "Value": found["status"]},
              {"Key": "Amount", "Value": found["amount"]}, {"Key": "ReasonType", "Value": "Business Payment"},
              {"Key": "DebitPartyName", "Value": "600000 - Chamabora"},
              {"Key": "CreditPartyName", "Value": f"{found['phone']} - CHAMA MEMBER"}]
    return {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "The service request is processed successfully.",
                       "OriginatorConversationID": originator, "ConversationID": conversation,
                       "TransactionID": found["receipt"], "ResultParameters": {"ResultParameter": params}}}

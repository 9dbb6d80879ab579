"""Senders through the providers' own SDKs: Africa's Talking SMS, Twilio (SMS
and WhatsApp share its Messages resource) and Infobip SMS. Each turns a
provider's answer into `Sent` or `SendFailed`; `permanent` failures (a bad
number, a blacklisted member) are never retried, the rest are, by RQ.

Nothing here logs a message body or a credential.
"""
from __future__ import annotations

from africastalking.Service import AfricasTalkingException
from africastalking.SMS import SMSService
from infobip_api_client.api.sms_api import SmsApi
from infobip_api_client.api_client import ApiClient, Configuration
from infobip_api_client.exceptions import ApiException
from infobip_api_client.models import SmsDestination, SmsMessage, SmsMessageContent, SmsRequest, SmsTextContent
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client
import urllib3

from chamabora.core.ports import Outgoing, SendFailed, Sent
from chamabora.i18n import segments

AT_OK = {100, 101, 102}                       # Processed, Sent, Queued
AT_TRANSIENT = {405, 500, 501, 502}           # InsufficientBalance, InternalServerError, GatewayError, Rejected
INFOBIP_REFUSED = {"REJECTED", "UNDELIVERABLE"}


def sms_text(message: Outgoing) -> str:
    """Replies were split on the way in; anything else longer than 3 segments is shortened here."""
    return segments.shorten(message.body)


class AfricasTalkingSms:
    provider = "africastalking"

    def __init__(self, username: str, api_key: str, sender_id: str | None = None) -> None:
        self.service = SMSService(username, api_key)
        self.sender_id = sender_id

    def send(self, message: Outgoing) -> Sent:
        try:
            answer = self.service.send(sms_text(message), [message.recipient], sender_id=self.sender_id)
        except ValueError as error:  # the SDK's own E.164 check
            raise SendFailed(str(error), permanent=True) from None
        except (AfricasTalkingException, requests.RequestException) as error:
            raise SendFailed(f"africastalking: {type(error).__name__}") from None
        if not isinstance(answer, dict):  # the SDK returns text when the reply is not exactly JSON
            raise SendFailed("africastalking: unexpected answer")
        recipients = answer.get("SMSMessageData", {}).get("Recipients") or [{}]
        first = recipients[0]
        code = first.get("statusCode")
        if code not in AT_OK:
            raise SendFailed(f"africastalking: {first.get('status', 'no recipient')} ({code})",
                             permanent=code not in AT_TRANSIENT and code is not None)
        return Sent(self.provider, first.get("messageId"))


class TwilioMessages:
    """`whatsapp=True` prefixes both numbers with 'whatsapp:' (Twilio's WhatsApp addressing)."""

    provider = "twilio"

    def __init__(self, account_sid: str, auth_token: str, sender: str, status_callback: str | None = None,
                 whatsapp: bool = False) -> None:
        self.client = Client(account_sid, auth_token)
        self.prefix = "whatsapp:" if whatsapp else ""
        self.sender = sender if sender.startswith(self.prefix) else self.prefix + sender
        self.status_callback = status_callback

    def send(self, message: Outgoing) -> Sent:
        body = message.body if self.prefix else sms_text(message)
        options = {"status_callback": self.status_callback} if self.status_callback else {}
        try:
            created = self.client.messages.create(to=self.prefix + message.recipient, from_=self.sender,
                                                  body=body, **options)
        except TwilioRestException as error:
            permanent = 400 <= (error.status or 500) < 500 and error.status != 429
            raise SendFailed(f"twilio: {error.status} code {error.code}", permanent=permanent) from None
        except (TwilioException, requests.RequestException) as error:
            raise SendFailed(f"twilio: {type(error).__name__}") from None
        return Sent(self.provider, created.sid)


def infobip_client(base_url: str, api_key: str) -> ApiClient:
    return ApiClient(Configuration(host=base_url, api_key=api_key, api_key_prefix="App"))


def infobip_failure(error: Exception) -> SendFailed:
    status = getattr(error, "status", None) or 500
    return SendFailed(f"infobip: {status}", permanent=400 <= status < 500 and status != 429)


def infobip_id(message: Outgoing) -> str:
    """We name every Infobip message after its outbox row: its delivery reports and logs carry this id."""
    return f"chamabora-{message.id}"


class InfobipSms:
    provider = "infobip"

    def __init__(self, client: ApiClient, sender: str | None) -> None:
        self.api = SmsApi(client)
        self.sender = sender

    def find_sent(self, message: Outgoing) -> Sent | None:
        """After an interrupted attempt: Infobip's logs (kept 48 hours) say whether it took the message."""
        try:
            logs = self.api.get_outbound_sms_message_logs(message_id=[infobip_id(message)])
        except ApiException as error:
            raise infobip_failure(error) from None
        except urllib3.exceptions.HTTPError as error:
            raise SendFailed(f"infobip: {type(error).__name__}") from None
        found = [entry for entry in logs.results or [] if entry.message_id == infobip_id(message)]
        return Sent(self.provider, infobip_id(message)) if found else None

    def send(self, message: Outgoing) -> Sent:
        request = SmsRequest(messages=[SmsMessage(
            sender=self.sender, destinations=[SmsDestination(to=message.recipient.lstrip("+"),
                                                             message_id=infobip_id(message))],
            content=SmsMessageContent(actual_instance=SmsTextContent(text=sms_text(message))))])
        try:
            response = self.api.send_sms_messages(sms_request=request)
        except ApiException as error:
            raise infobip_failure(error) from None
        except urllib3.exceptions.HTTPError as error:
            raise SendFailed(f"infobip: {type(error).__name__}") from None
        return accepted(self.provider, response.messages)


def accepted(provider: str, messages) -> Sent:  # type: ignore[no-untyped-def]
    first = (messages or [None])[0]
    if first is None:
        raise SendFailed(f"{provider}: no message in the answer")
    group = first.status.group_name if first.status else None
    if group in INFOBIP_REFUSED:
        raise SendFailed(f"{provider}: {first.status.name}", permanent=True)
    return Sent(provider, first.message_id)

"""WhatsApp through Infobip's Messages API (infobip-api-python-client 6.0.0
has no WhatsApp-specific API class, PROTOCOLS.md §4.4). Twilio WhatsApp is
`sms.TwilioMessages(whatsapp=True)`.

The SDK's pydantic models warn while serialising the Messages API's
one-of bodies although the JSON they produce is right (a test asserts the
exact request), so those warnings are silenced around the call only.
"""
from __future__ import annotations

import warnings

from infobip_api_client.api.messages_api import MessagesApi
from infobip_api_client.api_client import ApiClient
from infobip_api_client.exceptions import ApiException
from infobip_api_client.models import (MessagesApiMessage, MessagesApiMessageContent, MessagesApiMessageDestination,
                                       MessagesApiMessageTextBody, MessagesApiOutboundMessageChannel,
                                       MessagesApiRequest, MessagesApiRequestMessagesInner,
                                       MessagesApiToDestination)
import urllib3

from chamabora.core.ports import Outgoing, SendFailed, Sent
from chamabora.providers.messaging.sms import accepted, infobip_failure, infobip_id


class InfobipWhatsApp:
    provider = "infobip"

    def __init__(self, client: ApiClient, sender: str) -> None:
        self.api = MessagesApi(client)
        self.sender = sender.lstrip("+")

    def request_for(self, message: Outgoing) -> MessagesApiRequest:
        destination = MessagesApiToDestination(to=message.recipient.lstrip("+"), message_id=infobip_id(message))
        return MessagesApiRequest(messages=[MessagesApiRequestMessagesInner(actual_instance=MessagesApiMessage(
            channel=MessagesApiOutboundMessageChannel.WHATSAPP, sender=self.sender,
            destinations=[MessagesApiMessageDestination(actual_instance=destination)],
            content=MessagesApiMessageContent(body=MessagesApiMessageTextBody(text=message.body))))])

    def send(self, message: Outgoing) -> Sent:
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Pydantic serializer warnings", category=UserWarning)
                response = self.api.send_messages_api_message(messages_api_request=self.request_for(message))
        except ApiException as error:
            raise infobip_failure(error) from None
        except urllib3.exceptions.HTTPError as error:
            raise SendFailed(f"infobip: {type(error).__name__}") from None
        return accepted(self.provider, response.messages)

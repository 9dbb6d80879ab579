"""The messaging senders the settings ask for, by outbox channel: SMS and
WhatsApp through each configured provider (a row goes back through the one
its payload names, `outbox.routing`), push through FCM when its credentials
are set. A channel whose provider is the simulator is only recorded."""
from __future__ import annotations

from chamabora.config.sms import MessagingSettings
from chamabora.core.ports import Sender
from chamabora.outbox.routing import ProviderRouter
from chamabora.outbox.sending import RecordingSender
from chamabora.outbox.store import Channel
from chamabora.providers.messaging.fcm import FcmPush, Forget, firebase_app
from chamabora.providers.messaging.sms import AfricasTalkingSms, InfobipSms, TwilioMessages, infobip_client
from chamabora.providers.messaging.whatsapp import InfobipWhatsApp

# where Twilio posts the status of what we send (the route is channels/sms/twilio_routes.py's)
TWILIO_STATUS_PATH = "/sms/twilio/status"


def sms_senders(s: MessagingSettings) -> dict[str, Sender]:
    found: dict[str, Sender] = {}
    if s.at_username and s.at_api_key:
        found["africastalking"] = AfricasTalkingSms(s.at_username, s.at_api_key, s.at_sender_id)
    if s.twilio_account_sid and s.twilio_auth_token and s.twilio_sms_from:
        found["twilio"] = TwilioMessages(s.twilio_account_sid, s.twilio_auth_token, s.twilio_sms_from,
                                         status_callback(s))
    if s.infobip_base_url and s.infobip_api_key:
        found["infobip"] = InfobipSms(infobip_client(s.infobip_base_url, s.infobip_api_key), s.infobip_sms_sender)
    return found


def whatsapp_senders(s: MessagingSettings) -> dict[str, Sender]:
    found: dict[str, Sender] = {}
    if s.twilio_account_sid and s.twilio_auth_token and s.twilio_whatsapp_from:
        found["twilio"] = TwilioMessages(s.twilio_account_sid, s.twilio_auth_token, s.twilio_whatsapp_from,
                                         status_callback(s), whatsapp=True)
    if s.infobip_base_url and s.infobip_api_key and s.infobip_whatsapp_sender:
        found["infobip"] = InfobipWhatsApp(infobip_client(s.infobip_base_url, s.infobip_api_key),
                                           s.infobip_whatsapp_sender)
    return found


def status_callback(s: MessagingSettings) -> str | None:
    return s.public_base_url + TWILIO_STATUS_PATH if s.public_base_url else None


def build_senders(s: MessagingSettings, forget: Forget | None = None) -> dict[str, Sender]:
    """Senders for SMS, WhatsApp and push. `forget` is what the push sender calls with the messages
    whose apps FCM says are gone (`services.push_fallback.forgetter`)."""
    built: dict[str, Sender] = {}
    for channel, provider, senders in ((Channel.SMS, s.sms_provider, sms_senders(s)),
                                       (Channel.WHATSAPP, s.whatsapp_provider, whatsapp_senders(s))):
        built[channel.value] = RecordingSender() if provider == "simulator" else ProviderRouter(senders, provider)
    if s.fcm_credentials_path:
        built[Channel.PUSH.value] = FcmPush(firebase_app(s.fcm_credentials_path), forget)
    return built

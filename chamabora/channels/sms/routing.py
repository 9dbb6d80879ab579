"""Which sender carries a message, and which channel reaches a member.

A reply goes back through the provider the member wrote to (the outbox row
names it in its payload); notices go by push to members with the app, else
on the channel the member used last (SMS until they have written at all).
In the local default every channel is only recorded.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, insert, select, update

from chamabora.outbox.sending import LookupSender, Outgoing, RecordingSender, Sender, Sent
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.records import members
from chamabora.config.sms import MessagingSettings
from chamabora.channels.sms.senders import AfricasTalkingSms, InfobipSms, TwilioMessages, infobip_client
from chamabora.db.message_tables import MemberChannel

member_channels = MemberChannel.__table__


class ProviderRouter:
    """One channel's senders by provider; the row's `payload.provider` wins, else the default."""

    def __init__(self, senders: dict[str, Sender], default: str) -> None:
        self.senders, self.default = senders, default

    def chosen(self, message: Outgoing) -> Sender:
        provider = str(message.payload.get("provider") or self.default)
        return self.senders.get(provider, self.senders[self.default])

    def send(self, message: Outgoing) -> Sent:
        return self.chosen(message).send(message)

    def find_sent(self, message: Outgoing) -> Sent | None:
        """None when the chosen provider cannot tell (it is then sent again)."""
        sender = self.chosen(message)
        return sender.find_sent(message) if isinstance(sender, LookupSender) else None


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
    from chamabora.channels.whatsapp.senders import InfobipWhatsApp

    found: dict[str, Sender] = {}
    if s.twilio_account_sid and s.twilio_auth_token and s.twilio_whatsapp_from:
        found["twilio"] = TwilioMessages(s.twilio_account_sid, s.twilio_auth_token, s.twilio_whatsapp_from,
                                         status_callback(s), whatsapp=True)
    if s.infobip_base_url and s.infobip_api_key and s.infobip_whatsapp_sender:
        found["infobip"] = InfobipWhatsApp(infobip_client(s.infobip_base_url, s.infobip_api_key),
                                           s.infobip_whatsapp_sender)
    return found


def status_callback(s: MessagingSettings) -> str | None:
    from chamabora.channels.sms.twilio_routes import STATUS_PATH

    return s.public_base_url + STATUS_PATH if s.public_base_url else None


def build_senders(s: MessagingSettings, run=None) -> dict[str, Sender]:  # type: ignore[no-untyped-def]
    """Senders for SMS, WhatsApp and push; a channel whose provider is the simulator is only recorded.
    `run` (Root.run) lets the push sender forget apps FCM says are gone."""
    built: dict[str, Sender] = {}
    for channel, provider, senders in ((Channel.SMS, s.sms_provider, sms_senders(s)),
                                       (Channel.WHATSAPP, s.whatsapp_provider, whatsapp_senders(s))):
        built[channel.value] = RecordingSender() if provider == "simulator" else ProviderRouter(senders, provider)
    if s.fcm_credentials_path:
        from chamabora.push.fallback import forgetter
        from chamabora.push.sender import FcmPush, firebase_app

        built[Channel.PUSH.value] = FcmPush(firebase_app(s.fcm_credentials_path),
                                            forgetter(run) if run is not None else None)
    return built


def register_push_id(conn: Connection, member_id: int, fid: str | None) -> None:
    """The app reports its Firebase installation id; None when the member signs out."""
    now = datetime.now(timezone.utc)
    changed = conn.execute(update(member_channels).where(member_channels.c.member_id == member_id)
                           .values(push_id=fid, updated_at=now)).rowcount
    if not changed:
        conn.execute(insert(member_channels), {"member_id": member_id, "channel": "sms", "provider": "",
                                                "push_id": fid, "updated_at": now})


def notify(conn: Connection, member_id: int, body: str, *, purpose: Purpose = Purpose.NOTICE,
           chama_id: int | None = None, dedupe_key: str | None = None) -> int | None:
    """Queue a notice for a member on the channel that reaches them best."""
    row = conn.execute(select(members.c.phone, member_channels.c.channel, member_channels.c.provider,
                              member_channels.c.push_id)
                       .outerjoin(member_channels, member_channels.c.member_id == members.c.id)
                       .where(members.c.id == member_id)).one()
    if row.push_id:
        channel, recipient, payload = Channel.PUSH, row.push_id, {}
    else:
        channel = Channel(row.channel) if row.channel else Channel.SMS
        recipient, payload = row.phone, ({"provider": row.provider} if row.provider else {})
    return enqueue(conn, channel, recipient, body, purpose=purpose, member_id=member_id, chama_id=chama_id,
                   payload=payload, dedupe_key=dedupe_key)


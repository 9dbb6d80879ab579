"""Reaching a member: notices on the channel they used last (or by push when
they have the app), never to a member who sent STOP; replies always."""
import json
from datetime import datetime

import pytest
from sqlalchemy import select

from chamabora.outbox.store import Channel, Purpose, enqueue, outbox
from chamabora.services.people import membership
from chamabora.settings import Settings, SettingsError
from chamabora.config.sms import MessagingSettings
from chamabora.services.notices.notify import notify, register_push_id
from chamabora.db.message_tables import MemberChannel
from tests.helpers import phone


def outbox_rows(services):
    with services.engine.connect() as conn:
        return conn.execute(select(outbox).order_by(outbox.c.id)).all()


@pytest.fixture
def services(app):
    return app.extensions["chamabora"]


def test_notices_skip_a_member_who_said_stop_but_replies_still_go(services):
    def work(conn):
        member_id = membership.register_member(conn, phone(1), "Jane")
        conn.execute(MemberChannel.__table__.insert(), {"member_id": member_id, "channel": "sms",
                                                        "provider": "africastalking",
                                                        "updated_at": datetime.now()})
        conn.execute(membership.members.update().values(opted_out=True))
        return member_id

    member_id = services.run(work)
    services.run(lambda c: notify(c, member_id, "Meeting on Friday"))
    services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Invite", purpose=Purpose.REMINDER))
    services.run(lambda c: enqueue(c, Channel.SMS, phone(1), "Your balance", purpose=Purpose.REPLY,
                                   member_id=member_id))
    assert [(r.purpose, r.status) for r in outbox_rows(services)] == \
        [("notice", "skipped"), ("reminder", "skipped"), ("reply", "sent")]


def test_a_notice_goes_on_the_channel_last_used_or_by_push(services):
    member_id = services.run(lambda c: membership.register_member(c, phone(1), "Jane"))
    services.run(lambda c: notify(c, member_id, "first"))
    services.run(lambda c: c.execute(MemberChannel.__table__.insert(), {
        "member_id": member_id, "channel": "whatsapp", "provider": "infobip",
        "updated_at": datetime.now()}))
    services.run(lambda c: notify(c, member_id, "second"))
    services.run(lambda c: register_push_id(c, member_id, "fid-1"))
    services.run(lambda c: notify(c, member_id, "third"))
    first, second, third = outbox_rows(services)
    assert (first.channel, first.recipient, json.loads(first.payload)) == ("sms", phone(1), {})
    assert (second.channel, json.loads(second.payload)) == ("whatsapp", {"provider": "infobip"})
    assert (third.channel, third.recipient) == ("push", "fid-1")


@pytest.mark.parametrize("environ, problem", [
    ({"SMS_PROVIDER": "africastalking"}, "AT_USERNAME is required"),
    ({"SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
      "PUBLIC_BASE_URL": "https://c.example"}, "TWILIO_SMS_FROM is required"),
    ({"WHATSAPP_PROVIDER": "infobip", "INFOBIP_BASE_URL": "https://x.api.infobip.com", "INFOBIP_API_KEY": "k"},
     "INFOBIP_WHATSAPP_SENDER is required"),
    ({"SMS_PROVIDER": "carrier-pigeon"}, "SMS_PROVIDER must be one of"),
])
def test_a_provider_without_its_credentials_refuses_to_start(environ, problem):
    with pytest.raises(SettingsError, match=problem):
        Settings.from_env(environ)


def test_provider_secrets_stay_out_of_repr():
    settings = MessagingSettings.from_env({"AT_USERNAME": "chama", "AT_API_KEY": "at-secret",
                                           "TWILIO_AUTH_TOKEN": "tw-secret", "INFOBIP_API_KEY": "ib-secret",
                                           "CLOUDINARY_URL": "cloudinary://k:cl-secret@c"})
    assert settings.at_username == "chama" and settings.at_api_key == "at-secret"
    assert not any(secret in repr(settings) for secret in ("at-secret", "tw-secret", "ib-secret", "cl-secret"))

"""Notices leave through the outbox and the `Sender` port: the member's phone, in their language,
once; a member who sent STOP is not sent notices."""
from datetime import datetime, timezone

import pytest

from chamabora.services.people import speakers
from chamabora.services.notices.money import ROLE_GIVEN, ROLE_WORDS
from chamabora.services.notices.notify import notify, register_push_id, remember_channel
from tests.helpers import phone

pytestmark = pytest.mark.ports


def test_a_notice_reaches_the_sender_once_when_the_outbox_is_sent(world, umoja):
    chama_id, ids = umoja
    message_id = world.run(lambda c: notify(c, ids[2], ROLE_GIVEN, chama_id, chama="Umoja", who="Member 1",
                                            role="secretary"))
    assert world.sender.sent == []  # nothing leaves before the outbox is sent

    sent = world.send_outbox()

    assert [(m.id, m.channel, m.purpose, m.recipient) for m in sent] == [(message_id, "sms", "notice", phone(3))]
    assert sent[0].body == "Umoja: Member 1 made you secretary. Send HELP to see what you can do now."
    assert world.statuses() == {message_id: "sent"}
    assert world.send_outbox() == []


def test_a_notice_in_swahili_for_a_swahili_speaker_and_none_after_stop(world, umoja):
    chama_id, ids = umoja
    world.run(lambda c: speakers.set_language(c, ids[2], "sw"))
    world.run(lambda c: speakers.set_notices(c, ids[3], on=False))
    for member_id in ids[2:]:
        world.run(lambda c, m=member_id: notify(c, m, ROLE_GIVEN, chama_id, chama="Umoja", who="Member 1",
                                                role=ROLE_WORDS["treasurer"]))

    sent = world.send_outbox()

    assert [(m.recipient, m.body) for m in sent] == [
        (phone(3), "Umoja: Member 1 amekuteua kuwa mweka hazina. Tuma MSAADA kuona unachoweza kufanya sasa.")]
    assert sorted(world.statuses().values()) == ["sent", "skipped"]


def test_a_notice_goes_by_push_else_on_the_channel_the_member_last_wrote_on(world, umoja):
    """One notify for every notice: a member with the app hears by push, one who last wrote on WhatsApp
    hears there (through the provider they wrote to), one who has only used SMS hears by SMS."""
    chama_id, ids = umoja
    now = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
    world.run(lambda c: remember_channel(c, phone(2), "whatsapp", "infobip", now))
    world.run(lambda c: register_push_id(c, ids[2], "fid-member-3", now))
    for member_id in ids[1:]:
        world.run(lambda c, m=member_id: notify(c, m, ROLE_GIVEN, chama_id, chama="Umoja", who="Member 1",
                                                role=ROLE_WORDS["secretary"]))

    sent = world.send_outbox()

    assert [(m.channel, m.recipient, m.payload) for m in sent] == [
        ("whatsapp", phone(2), {"provider": "infobip"}), ("push", "fid-member-3", {}), ("sms", phone(4), {})]
    assert {m.body for m in sent} == {"Umoja: Member 1 made you secretary. Send HELP to see what you can do now."}

"""Twilio WhatsApp: inbound chats (with receipt images) answered with TwiML."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, request

from chamabora.conversation.messages import ChannelKind
from chamabora.channels.sms.intake import services, take_in
from chamabora.channels.sms.replies import reply_parts
from chamabora.channels.sms.twilio_codec import PROVIDER, decode_inbound, twiml, verify
from chamabora.providers.messaging import media
from chamabora.channels.whatsapp.media_jobs import keep_later

bp = Blueprint("whatsapp_twilio", __name__)


@bp.post("/whatsapp/twilio")
def inbound_whatsapp():  # type: ignore[no-untyped-def]
    verify(request, services())
    inbound, urls = decode_inbound(request.form, ChannelKind.WHATSAPP)
    inbound = replace(inbound, media=tuple(media.from_provider(urls, media.origin_of(PROVIDER,
                                                                                     services().settings.messaging))))
    reply = take_in(inbound, reply_by_outbox=False)
    keep_later(services(), services().media, PROVIDER, inbound.provider_message_id, list(inbound.media))
    return twiml(reply_parts(ChannelKind.WHATSAPP, reply.text))

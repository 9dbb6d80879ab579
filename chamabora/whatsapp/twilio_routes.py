"""Twilio WhatsApp: inbound chats (with receipt images) answered with TwiML."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, request

from ..conversation.messages import ChannelKind
from ..sms.intake import reply_parts, services, take_in
from ..sms.twilio_codec import PROVIDER, decode_inbound, twiml, verify
from . import media

bp = Blueprint("whatsapp_twilio", __name__)


@bp.post("/whatsapp/twilio")
def inbound_whatsapp():  # type: ignore[no-untyped-def]
    verify(request, services())
    inbound, urls = decode_inbound(request.form, ChannelKind.WHATSAPP)
    if urls:
        settings = services().settings.messaging
        auth = (settings.twilio_account_sid, settings.twilio_auth_token) if settings.twilio_auth_token else None
        kept = media.keep(current_app.extensions["chamabora.media"], urls,
                          f"{PROVIDER}-{inbound.provider_message_id}", auth=auth)
        inbound = replace(inbound, media=kept)
    reply = take_in(inbound, reply_by_outbox=False)
    return twiml(reply_parts(ChannelKind.WHATSAPP, reply.text))

"""Twilio SMS: inbound messages answered with TwiML in the same response, and
the status callback for every message we send through Twilio (SMS and
WhatsApp share it)."""
from __future__ import annotations

from flask import Blueprint, request

from chamabora.conversation.messages import ChannelKind
from chamabora.channels.sms.delivery import record
from chamabora.channels.sms.intake import services, take_in
from chamabora.channels.sms.replies import reply_parts
from chamabora.channels.sms.twilio_codec import decode_inbound, decode_status, twiml, verify
from chamabora.providers.messaging.registry import TWILIO_STATUS_PATH

bp = Blueprint("sms_twilio", __name__)


@bp.post("/sms/twilio")
def inbound_sms():  # type: ignore[no-untyped-def]
    verify(request, services())
    inbound, _media = decode_inbound(request.form, ChannelKind.SMS)
    reply = take_in(inbound, reply_by_outbox=False)
    return twiml(reply_parts(ChannelKind.SMS, reply.text))


@bp.post(TWILIO_STATUS_PATH)
def status_callback():  # type: ignore[no-untyped-def]
    verify(request, services())
    record(decode_status(request.form))
    return "", 204

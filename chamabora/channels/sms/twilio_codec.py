"""Twilio's dialect, shared by SMS and WhatsApp: the X-Twilio-Signature check,
the form decoded to an `Inbound`, status callbacks, and TwiML replies.

Signatures (PROTOCOLS.md §3.2, twilio 9.13.0 `request_validator.py`): HMAC-SHA1
with the Auth Token by default; when Twilio sends
`X-Twilio-Webhooks-Signature-Settings: key=...,algorithm=HMAC_SHA256` the
request is signed with a SharedKey secret, which the SDK's
`get_signature_algorithm` reads. The URL signed is the one Twilio called: behind
a proxy that is PUBLIC_BASE_URL plus the path and query we received.
"""
from __future__ import annotations

from flask import Request, abort
from twilio.request_validator import (HMAC_SHA1, SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER, RequestValidator,
                                      get_signature_algorithm)
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.datastructures import MultiDict

from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.phone import is_e164
from chamabora.outbox.store import Status
from chamabora.config.sms import MessagingSettings
from chamabora.channels.sms.delivery import DeliveryReport
from chamabora.channels.http.input import digits, message_text
from chamabora.channels.sms.intake import parse_time, refuse_nul

PROVIDER = "twilio"
FINAL = {"delivered": Status.DELIVERED, "read": Status.DELIVERED, "failed": Status.FAILED,
         "undelivered": Status.FAILED}
MAX_MEDIA = 10


def public_url(request: Request, settings: MessagingSettings) -> str:
    if not settings.public_base_url:
        return request.url
    query = request.query_string.decode("latin-1")
    return settings.public_base_url + request.path + (f"?{query}" if query else "")


def signature_is_valid(request: Request, settings: MessagingSettings, production: bool) -> bool:
    if not settings.twilio_auth_token:
        return not production  # the local default has no Twilio account to sign with
    signature = request.headers.get(SIGNATURE_HEADER, "")
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    secret = settings.twilio_auth_token if algorithm == HMAC_SHA1 else settings.twilio_webhook_key_secret
    if not signature or not secret:
        return False
    return RequestValidator(secret).validate(public_url(request, settings), request.form, signature, algorithm)


def verify(request: Request, services) -> None:  # type: ignore[no-untyped-def]
    settings = services.settings
    if not signature_is_valid(request, settings.messaging, settings.is_production):
        abort(403)


def address(value: str, channel: ChannelKind) -> str:
    """'whatsapp:+2547...' on WhatsApp, '+2547...' on SMS; anything else is refused."""
    prefix = "whatsapp:" if channel is ChannelKind.WHATSAPP else ""
    phone = value.strip()
    if not phone.startswith(prefix) or not is_e164(phone[len(prefix):]):
        abort(400, "From is not a phone number on this channel")
    return phone[len(prefix):]


def decode_inbound(form: MultiDict, channel: ChannelKind) -> tuple[Inbound, list[str]]:
    """The message, and the Twilio URLs of its media (kept by the caller)."""
    sid = form.get("MessageSid", "").strip()
    if not sid or "Body" not in form:
        abort(400, "MessageSid and Body are required")
    refuse_nul(sid, form["Body"], form.get("ProfileName"))
    phone = address(form.get("From", ""), channel)
    count = digits(form.get("NumMedia", "0"), "NumMedia", limit=4) or 0
    media = [form[f"MediaUrl{n}"] for n in range(min(count, MAX_MEDIA)) if form.get(f"MediaUrl{n}")]
    inbound = Inbound(channel, phone, message_text(form["Body"]), parse_time(None), PROVIDER, sid[:100],
                      profile_name=(form.get("ProfileName") or None))
    return inbound, media


def decode_status(form: MultiDict) -> DeliveryReport:
    sid, status = form.get("MessageSid", "").strip(), form.get("MessageStatus", "").strip()
    if not sid or not status:
        abort(400, "MessageSid and MessageStatus are required")
    refuse_nul(sid, status, form.get("ErrorCode"))
    reason = f"{status} (error {form['ErrorCode']})" if form.get("ErrorCode") else status
    return DeliveryReport(PROVIDER, sid, FINAL.get(status), reason)


def twiml(parts: list[str]) -> tuple[str, int, dict[str, str]]:
    response = MessagingResponse()
    for part in parts:
        response.message(part)
    return str(response), 200, {"Content-Type": "application/xml"}

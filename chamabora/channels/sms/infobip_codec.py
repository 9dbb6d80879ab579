"""Infobip's dialect (PROTOCOLS.md §4): inbound SMS and WhatsApp arrive as JSON
`results[]`, several per request, numbers without '+'; delivery reports
carry `status.groupName`. A batch is checked whole before any message is
answered, so a malformed one changes nothing."""
from __future__ import annotations

from flask import Request, abort

from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.phone import is_e164
from chamabora.outbox.store import Status
from chamabora.channels.http.input import json_body, message_text
from chamabora.channels.sms.delivery import DeliveryReport
from chamabora.channels.sms.intake import parse_time, refuse_nul

PROVIDER = "infobip"
MAX_BATCH = 100
FINAL = {"DELIVERED": Status.DELIVERED, "UNDELIVERABLE": Status.FAILED, "REJECTED": Status.FAILED,
         "EXPIRED": Status.FAILED}


def results(request: Request) -> list[dict]:
    body = json_body()[1]
    found = body.get("results") if isinstance(body, dict) else None
    if not isinstance(found, list) or not found or len(found) > MAX_BATCH \
            or not all(isinstance(item, dict) for item in found):
        abort(400, "a JSON object with a non-empty results list is required")
    return found


def _text(value: object) -> str:
    if value is not None and not isinstance(value, str):
        abort(400, "text fields must be strings")
    return message_text(value or "")


def _message(item: dict, channel: ChannelKind, text: str, media: tuple[str, ...] = (),
             profile: str | None = None) -> Inbound:
    message_id, sender = item.get("messageId"), item.get("from")
    if not isinstance(message_id, str) or not message_id or not isinstance(sender, str):
        abort(400, "every result needs messageId and from")
    refuse_nul(message_id, profile)
    phone = sender if sender.startswith("+") else "+" + sender
    if not is_e164(phone):
        abort(400, "from is not a phone number")
    return Inbound(channel, phone, text, parse_time(item.get("receivedAt")), PROVIDER, message_id[:100],
                   media=media, profile_name=profile)


def decode_sms(request: Request) -> list[Inbound]:
    return [_message(item, ChannelKind.SMS, _text(item.get("text"))) for item in results(request)]


def decode_whatsapp(request: Request) -> list[tuple[Inbound, list[str]]]:
    """Messages and the Infobip URLs of their images (kept by the caller)."""
    decoded = []
    for item in results(request):
        message, contact = item.get("message"), item.get("contact")
        if not isinstance(message, dict):
            abort(400, "every WhatsApp result needs a message object")
        kind = message.get("type")
        # a picture's caption is its text; list and button replies carry their title
        text = _text(message.get("text") or message.get("caption") or message.get("title"))
        url = message.get("url") if kind in ("IMAGE", "DOCUMENT") else None
        profile = contact.get("name") if isinstance(contact, dict) and isinstance(contact.get("name"), str) else None
        decoded.append((_message(item, ChannelKind.WHATSAPP, text, profile=profile),
                        [url] if isinstance(url, str) and url else []))
    return decoded


def decode_reports(request: Request) -> list[DeliveryReport]:
    reports = []
    for item in results(request):
        status, error = item.get("status"), item.get("error")
        if not isinstance(item.get("messageId"), str) or not isinstance(status, dict):
            abort(400, "every report needs messageId and status")
        group = str(status.get("groupName", ""))
        reason = (error.get("name") if isinstance(error, dict) and error.get("name") not in (None, "NO_ERROR")
                  else status.get("name")) or group
        refuse_nul(item["messageId"], str(reason))
        reports.append(DeliveryReport(PROVIDER, item["messageId"], FINAL.get(group), str(reason)))
    return reports

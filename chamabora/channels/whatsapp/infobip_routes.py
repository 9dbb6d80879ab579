"""Infobip WhatsApp: inbound batches, receipt images kept before the engine
sees them, replies through the outbox."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, request

from chamabora.channels.sms.infobip_codec import PROVIDER, decode_whatsapp
from chamabora.channels.sms.intake import acknowledge, services
from chamabora.channels.http.auth import require_webhook_token
from chamabora.providers.messaging import media
from chamabora.channels.whatsapp.media_jobs import keep_later

bp = Blueprint("whatsapp_infobip", __name__)


@bp.post("/whatsapp/infobip")
@require_webhook_token
def inbound_whatsapp():  # type: ignore[no-untyped-def]
    origin = media.origin_of(PROVIDER, services().settings.messaging)
    messages = [replace(inbound, media=tuple(media.from_provider(urls, origin)))
                for inbound, urls in decode_whatsapp(request)]
    acknowledge(*messages)
    for inbound in messages:
        keep_later(services(), services().media, PROVIDER, inbound.provider_message_id, list(inbound.media))
    return "", 200

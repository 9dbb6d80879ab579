"""Infobip WhatsApp: inbound batches, receipt images kept before the engine
sees them, replies through the outbox."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, request

from ..sms.infobip_codec import PROVIDER, decode_whatsapp
from ..sms.intake import acknowledge, services
from ..webhook_auth import require_webhook_token
from . import media

bp = Blueprint("whatsapp_infobip", __name__)


@bp.post("/whatsapp/infobip")
@require_webhook_token
def inbound_whatsapp():  # type: ignore[no-untyped-def]
    settings = services().settings.messaging
    headers = {"Authorization": f"App {settings.infobip_api_key}"} if settings.infobip_api_key else None
    messages = []
    for inbound, urls in decode_whatsapp(request):
        if urls:
            kept = media.keep(current_app.extensions["chamabora.media"], urls,
                              f"{PROVIDER}-{inbound.provider_message_id}", headers=headers)
            inbound = replace(inbound, media=kept)
        messages.append(inbound)
    acknowledge(*messages)
    return "", 200

"""Infobip SMS: inbound batches (each message its own unit of work, replies
through the outbox) and delivery reports for SMS and WhatsApp."""
from __future__ import annotations

from flask import Blueprint, request

from chamabora.channels.http.auth import require_webhook_token
from chamabora.channels.sms.delivery import record
from chamabora.channels.sms.infobip_codec import decode_reports, decode_sms
from chamabora.channels.sms.intake import acknowledge

bp = Blueprint("sms_infobip", __name__)


@bp.post("/sms/infobip")
@require_webhook_token
def inbound_sms():  # type: ignore[no-untyped-def]
    acknowledge(*decode_sms(request))
    return "", 200


@bp.post("/sms/infobip/delivery")
@bp.post("/whatsapp/infobip/delivery")
@require_webhook_token
def delivery_reports():  # type: ignore[no-untyped-def]
    record(*decode_reports(request))
    return "", 200

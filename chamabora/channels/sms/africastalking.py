"""Africa's Talking SMS: inbound messages and delivery reports (form posts,
PROTOCOLS.md §2). Replies go out through the outbox and the AT SMS API."""
from __future__ import annotations

from flask import Blueprint, abort, request
from werkzeug.datastructures import MultiDict

from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.phone import is_e164
from chamabora.outbox.store import Status
from chamabora.channels.http.auth import require_webhook_token
from chamabora.channels.http.input import message_text
from chamabora.channels.sms.delivery import DeliveryReport, record
from chamabora.channels.sms.intake import acknowledge, parse_time, refuse_nul

PROVIDER = "africastalking"
FINAL = {"Success": Status.DELIVERED, "Failed": Status.FAILED, "Rejected": Status.FAILED,
         "Expired": Status.FAILED}
bp = Blueprint("sms_africastalking", __name__)


def decode_inbound(form: MultiDict) -> Inbound:
    phone, message_id = form.get("from", "").strip(), form.get("id", "").strip()
    if not is_e164(phone) or not message_id or "text" not in form:
        abort(400, "from (E.164), id and text are required")
    refuse_nul(message_id, form["text"])
    return Inbound(ChannelKind.SMS, phone, message_text(form["text"]), parse_time(form.get("date")), PROVIDER,
                   message_id[:100])


def decode_delivery(form: MultiDict) -> DeliveryReport:
    message_id, status = form.get("id", "").strip(), form.get("status", "").strip()
    if not message_id or not status:
        abort(400, "id and status are required")
    refuse_nul(message_id, status, form.get("failureReason"))
    return DeliveryReport(PROVIDER, message_id, FINAL.get(status), form.get("failureReason") or status)


@bp.post("/sms/africastalking")
@require_webhook_token
def inbound_sms():  # type: ignore[no-untyped-def]
    acknowledge(decode_inbound(request.form))
    return "", 200


@bp.post("/sms/africastalking/delivery")
@require_webhook_token
def delivery_report():  # type: ignore[no-untyped-def]
    record(decode_delivery(request.form))
    return "", 200

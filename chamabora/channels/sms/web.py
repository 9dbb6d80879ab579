"""Registers the SMS webhooks (Africa's Talking, Twilio, Infobip)."""
from __future__ import annotations

from chamabora.channels.sms import africastalking, infobip_routes, twilio_routes


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    for module in (africastalking, twilio_routes, infobip_routes):
        app.register_blueprint(module.bp)

"""Registers the WhatsApp webhooks (their receipt images go to the root's media store)."""
from __future__ import annotations

from chamabora.channels.whatsapp import infobip_routes, twilio_routes


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    for module in (twilio_routes, infobip_routes):
        app.register_blueprint(module.bp)

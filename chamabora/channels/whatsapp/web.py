"""Registers the WhatsApp webhooks and the store their receipt images go to."""
from __future__ import annotations

from chamabora.channels.whatsapp import infobip_routes, media, twilio_routes


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    settings = app.extensions["chamabora"].settings
    app.extensions["chamabora.media"] = media.media_store(settings.messaging, settings.is_production)
    for module in (twilio_routes, infobip_routes):
        app.register_blueprint(module.bp)

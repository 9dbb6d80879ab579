"""Building the messaging side from settings: the SMS, WhatsApp and push
senders, and the RQ dispatcher whenever Redis is configured (the local
default keeps sending inline)."""
from __future__ import annotations

from chamabora.channels.sms.routing import build_senders


def install(services) -> None:  # type: ignore[no-untyped-def]
    # update in place: the inline dispatcher holds this same dict
    services.senders.update(build_senders(services.settings.messaging, services.run))
    if services.redis is not None:
        from chamabora.jobs.queues import RQDispatcher

        services.dispatcher = RQDispatcher(services.engine, services.redis)

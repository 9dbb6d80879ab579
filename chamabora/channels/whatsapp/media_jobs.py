"""Keeping a message's receipt images once the message is answered: an RQ job
on the notice queue when workers run, in process in the local default (where
every job runs in process). The job replaces the provider's URLs on the
message's payment claim with the kept copies; a claim not written yet (an
Infobip message still waiting for its answering worker) makes the job retry.
"""
from __future__ import annotations

import logging

from sqlalchemy import select

from chamabora.services.claims.store import claims_message, keep_media
from chamabora.jobs.queues import queue
from chamabora.outbox.store import Purpose
from chamabora.channels.sms.deferred import inbound_queue
from chamabora.providers.messaging.media import keep, origin_of, safe_name

log = logging.getLogger(__name__)
KEEP = "chamabora.worker.tasks.keep_media"


class NotAnsweredYet(Exception):
    """The message's claim is not written yet: RQ runs the job again after its back-off."""


def keep_later(services, store, provider: str, message_id: str | None,  # type: ignore[no-untyped-def]
               urls: list[str]) -> None:
    """After the message's own transaction: keep its images, by a worker where there are workers."""
    if not urls or not message_id:
        return
    if services.jobs is None:
        keep_now(services, store, provider, message_id, urls)
        return
    queue(services.redis, Purpose.NOTICE.value).enqueue_call(
        KEEP, args=(provider, message_id, urls), job_id=f"media-{safe_name(f'{provider}-{message_id}')}",
        retry=services.jobs.retry(), result_ttl=600, failure_ttl=7 * 86400)



def keep_now(services, store, provider: str, message_id: str, urls: list[str]) -> int:  # type: ignore[no-untyped-def]
    origin = origin_of(provider, services.settings.messaging)
    if store is None or origin is None:
        return 0  # nowhere to keep them, or no way to fetch: the claim keeps the provider's URLs
    with services.engine.connect() as conn:
        claimed = claims_message(conn, provider, message_id)
        waiting = conn.execute(select(inbound_queue.c.id).where(
            inbound_queue.c.provider == provider, inbound_queue.c.provider_message_id == message_id,
            inbound_queue.c.status == "queued")).first() is not None
    if not claimed:
        if waiting:
            raise NotAnsweredYet(f"{provider} {message_id}")
        return 0  # answered without a claim (not a receipt): nothing links to the images
    kept = keep(store, urls, f"{provider}-{message_id}", origin)
    return services.run(lambda conn: keep_media(conn, provider, message_id, kept))  # type: ignore[no-any-return]

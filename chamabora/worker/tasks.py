"""The functions RQ runs. They take ids, never live objects, and build the
composition root once per worker process from the environment (tests
install their own with `use`). A send failure is re-raised so RQ retries with backoff; the
row's state makes a retried job send at most once.

A job that runs again after its work-horse died finds its row still
'sending' (the claim committed, the outcome never did). The provider may
have the message already, so the row is not simply sent again: a money
prompt becomes 'unknown' and stays unsent, anything else 'interrupted',
which the next attempt looks up with the provider first where it can (the
policy is in outbox/sending.py).
"""
from __future__ import annotations

import logging
import os

from rq import get_current_job

from chamabora.channels.sms.deferred import answer_stored, waiting_ids
from chamabora.channels.whatsapp.media_jobs import keep_now
from chamabora.composition.build import build
from chamabora.composition.root import Root
from chamabora.db.transaction import unit_of_work
from chamabora.jobs.batch import send_batch
from chamabora.jobs.queues import WAKE
from chamabora.channels.mpesa import deferred
from chamabora.services.mpesa.prompts import release_and_tell
from chamabora.ops.jobs import observed
from chamabora.ops.logs import scope
from chamabora.outbox.sending import send_one
from chamabora.settings import Settings

log = logging.getLogger(__name__)
_services: Root | None = None
_pid = os.getpid()


def use(services: Root | None) -> None:
    global _services
    _services = services


def current() -> Root:
    global _services, _pid
    if _services is None:
        _services = build(Settings.from_env())
    if os.getpid() != _pid:
        # a forked work-horse must not share the parent's pooled database connections
        _services.engine.dispose(close=False)
        _pid = os.getpid()
    return _services


def release_stale_claims(message_ids: list[int]) -> None:
    """On a job's second and later runs, rows its dead earlier run left 'sending' are released by the policy."""
    job = get_current_job()
    if job is None:
        return
    job.meta["runs"] = int(job.meta.get("runs", 0)) + 1
    job.save_meta()
    if job.meta["runs"] == 1:
        return
    unit_of_work(current().engine, lambda conn: release_and_tell(conn, message_ids))


@observed
def answer_inbound(row_id: int) -> bool:
    """Answer one stored SMS or WhatsApp message (jobs queued before answering was batched)."""
    return current().run(lambda conn: answer_stored(conn, row_id))


@observed
def answer_waiting_inbound(limit: int = 2000) -> int:
    """Answer every stored SMS or WhatsApp message waiting for a worker; how many were answered.
    Before each look the wake flag is cleared, so a message stored after the last look queues another
    job. A message whose answer fails is left waiting (logged) for the inbound sweeper, and this job
    goes on with the rest; several such jobs share the work (a locked row is skipped, not waited for)."""
    services, answered, skip = current(), 0, set()
    while answered < limit:
        services.redis.delete(WAKE)
        with services.engine.connect() as conn:
            ids = waiting_ids(conn, skip, min(50, limit - answered))
        if not ids:
            return answered
        for row_id in ids:
            try:
                with scope(inherit=True, inbound_id=row_id):
                    done = services.run(lambda conn: answer_stored(conn, row_id))
                if done:
                    answered += 1
                else:
                    skip.add(row_id)  # answered meanwhile, or another job holds it
            except Exception:  # noqa: BLE001 - one bad message must not stop the others' answers
                log.exception("stored inbound message %s not answered; left for the sweeper", row_id)
                skip.add(row_id)
    # the limit keeps one job's run bounded; whatever is still waiting goes to a fresh job
    services.redis.delete(WAKE)
    services.dispatcher.wake_answerers()
    return answered


@observed
def send_outbox(message_id: int) -> str | None:
    release_stale_claims([message_id])
    services = current()
    status = send_one(services.engine, services.senders, message_id)
    return status.value if status else None


@observed
def send_outbox_batch(message_ids: list[int]) -> dict[str, int]:
    """Bulk notices: claimed and marked in a few statements; failures go on as single-row retry jobs."""
    release_stale_claims(message_ids)
    services = current()
    outcome = send_batch(services.engine, services.senders, message_ids)
    if outcome.retry:
        for message_id in outcome.retry:
            log.warning("outbox %s failed in a batch; queued on its own", message_id)
        services.dispatcher.dispatch(outcome.retry)
    return {"sent": len(outcome.sent), "failed": len(outcome.retry) + outcome.rejected, "skipped": outcome.skipped}


def keep_media(provider: str, message_id: str, urls: list[str]) -> int:
    """Keep a WhatsApp message's receipt images: how many claims now link to the kept copies."""
    services = current()
    return keep_now(services, services.media, provider, message_id, urls)


def drain_mpesa_callbacks() -> int:
    """Apply every stored M-Pesa callback still waiting; how many this run applied."""
    return deferred.drain(current())

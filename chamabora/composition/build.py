"""`build(settings)`: every piece made once, in dependency order.

Redis is connected only when REDIS_URL is set; with it come the RQ queues
(workers send the outbox and answer stored messages), USSD sessions and
board broadcasts in Redis. Without it (the local default) everything runs in
this process: the outbox is sent inline, sessions and broadcasts live in
memory. A channel whose provider is the simulator is recorded, not sent.
"""
from __future__ import annotations

from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from chamabora.broadcast import make_broadcast
from chamabora.providers.messaging.media import media_store
from chamabora.composition.root import Root
from chamabora.db.engine import make_engine, make_reader
from chamabora.jobs.queues import RQDispatcher
from chamabora.limits import RateLimits
from chamabora.limits import register as register_limits
from chamabora.providers.messaging.email import SmtpEmail
from chamabora.providers.messaging.registry import build_senders
from chamabora.outbox.dispatch import Dispatcher, InlineDispatcher
from chamabora.core.ports import Sender
from chamabora.outbox.sending import RecordingSender
from chamabora.outbox.store import Channel
from chamabora.providers.mpesa import wiring as mpesa_wiring
from chamabora.providers.sessions import MemorySessions, RedisSessions, SessionStore
from chamabora.services.mpesa.payment_records import PaymentRecords
from chamabora.services.notices.push_fallback import forgetter
from chamabora.settings import Settings
from chamabora.core.money import Money
from chamabora.services.payouts.approvals import set_second_signatory_above


def build(settings: Settings) -> Root:
    # a command that failed on a dropped or silent connection is sent once more on a fresh one: a hung
    # server costs a USSD hop two timeouts, not the eleven of redis-py's default retries
    redis = (Redis.from_url(settings.redis_url, socket_timeout=2, retry=Retry(NoBackoff(), 1))
             if settings.jobs_enabled else None)
    sessions: SessionStore = RedisSessions(redis) if redis is not None else MemorySessions()
    engine = make_engine(settings.database_url)
    limits = RateLimits(settings.ops, settings.redis_url)
    register_limits(engine, limits)
    set_second_signatory_above(Money(settings.payout_second_signatory_cents))
    recorder = RecordingSender()
    # the inline dispatcher sends through this same dict, filled below once `run` exists
    senders: dict[str, Sender] = {channel.value: recorder for channel in Channel}
    jobs = RQDispatcher(engine, redis) if redis is not None else None
    dispatcher: Dispatcher = jobs if jobs is not None else InlineDispatcher(engine, senders)
    mpesa = mpesa_wiring.build(settings, redis)
    root = Root(settings=settings, engine=engine, reader=make_reader(engine), redis=redis,
                sessions=sessions, limits=limits, broadcast=make_broadcast(redis), senders=senders,
                dispatcher=dispatcher, jobs=jobs, mpesa=mpesa,
                media=media_store(settings.messaging, settings.is_production))
    senders.update(build_senders(settings.messaging, forgetter(root.run)))
    if settings.notify.smtp_host:
        senders[Channel.EMAIL.value] = SmtpEmail(settings.notify)
    if mpesa is not None:
        senders.update(mpesa_wiring.senders(mpesa, PaymentRecords(root.run)))
    return root

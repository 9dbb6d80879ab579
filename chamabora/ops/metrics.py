"""Prometheus metrics. Counters and histograms are counted where things
happen, in whichever process: with `PROMETHEUS_MULTIPROC_DIR` set (gunicorn
and RQ workers, see `multiprocess.py`) each process writes its own file and
`/metrics` adds them up. What is a state of the database or of Redis (outbox
depth, queue lag, backlogs, fraud holds) is read when `/metrics` is
scraped, by the process that answers it, so it is never stale or doubled.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone

from chamabora.ops import multiprocess  # noqa: F401,I001 - first: it chooses how every value below is stored
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text

log = logging.getLogger(__name__)

# webhooks answer in milliseconds; the buckets reach the provider's own timeouts (AT USSD ~10 s)
LATENCY = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_SECONDS = Histogram("chamabora_http_request_duration_seconds", "Time to answer a request, per route",
                         ["route", "method"], buckets=LATENCY)
HTTP_RESPONSES = Counter("chamabora_http_responses_total", "Responses per route and status", ["route", "status"])
USSD_HOPS = Counter("chamabora_ussd_hops_total", "USSD hops answered, by the screen's kind (con or end)", ["screen"])
USSD_SESSION_ENDS = Counter("chamabora_ussd_session_ends_total",
                            "USSD sessions ended: by our END screen, or as Africa's Talking reported", ["how"])
INBOUND = Counter("chamabora_inbound_messages_total", "SMS and WhatsApp messages received", ["channel", "provider"])
SENT = Counter("chamabora_messages_sent_total", "Outbox rows handed to a provider, by outcome",
               ["channel", "provider", "outcome"])
DELIVERY = Counter("chamabora_delivery_reports_total", "Delivery reports received", ["provider", "status"])
STK = Counter("chamabora_stk_outcomes_total", "STK push callbacks by outcome", ["outcome"])
B2C = Counter("chamabora_b2c_outcomes_total", "B2C results and timeouts by outcome", ["outcome"])
FIRINGS = Counter("chamabora_schedule_firings_total", "Schedule firings by entry and outcome", ["entry", "outcome"])
JOBS = Counter("chamabora_jobs_total", "RQ jobs run, by function and outcome", ["job", "outcome"])
JOB_SECONDS = Histogram("chamabora_job_duration_seconds", "RQ job run time", ["job"],
                        buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600, 1800))
OUTSIDE_CALLS = Histogram("chamabora_outside_call_seconds", "Calls to providers: duration by outcome",
                          ["provider", "operation", "outcome"], buckets=LATENCY + (30.0,))
UNHANDLED = Counter("chamabora_unhandled_errors_total", "Requests that failed in an unforeseen way", ["route"])
LIMITED = Counter("chamabora_rate_limited_total", "Requests and commands over a limit", ["kind", "scope"])

ACTIVE = ("pending", "sending", "failed", "interrupted")   # outbox rows not yet done


def sample(function: Callable[[], Iterator[GaugeMetricFamily]]) -> Iterator[GaugeMetricFamily]:
    """A scrape-time reading that fails (a table not there yet, a dead Redis) is skipped, not a 500."""
    try:
        yield from function()
    except Exception as error:  # noqa: BLE001 - one failed reading must not hide the others
        log.warning("metrics reading %s failed: %s", function.__name__, type(error).__name__)


def age(now: datetime, oldest: object) -> float:
    if oldest is None:
        return 0.0
    if isinstance(oldest, str):
        oldest = datetime.fromisoformat(oldest)
    if oldest.tzinfo is None:  # type: ignore[union-attr]
        oldest = oldest.replace(tzinfo=timezone.utc)  # type: ignore[union-attr]
    return max(0.0, (now - oldest).total_seconds())  # type: ignore[operator]


class StateCollector(Collector):
    """The database's and Redis's state, read at scrape time."""

    def __init__(self, services, queue_names: Sequence[str] = ()) -> None:  # type: ignore[no-untyped-def]
        # the names come from the caller: the queues (chamabora.jobs) sit above these foundations
        self.services, self.queue_names = services, tuple(queue_names)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for reading in (self.outbox, self.inbound, self.reconciliation, self.fraud, self.queues):
            yield from sample(reading)

    def rows(self, sql: str, **params: object):  # type: ignore[no-untyped-def]
        with self.services.engine.connect() as conn:
            return conn.execute(text(sql), params).all()

    def outbox(self) -> Iterator[GaugeMetricFamily]:
        now = datetime.now(timezone.utc)
        depth = GaugeMetricFamily("chamabora_outbox_depth", "Outbox rows not yet sent", labels=["purpose", "status"])
        oldest = GaugeMetricFamily("chamabora_outbox_oldest_seconds", "Age of the oldest unsent outbox row",
                                   labels=["purpose"])
        worst: dict[str, float] = {}
        for purpose, status, count, first in self.rows(
                "SELECT purpose, status, count(*), min(created_at) FROM outbox "
                "WHERE status IN ('pending', 'sending', 'failed', 'interrupted') GROUP BY purpose, status"):
            depth.add_metric([purpose, status], count)
            worst[purpose] = max(worst.get(purpose, 0.0), age(now, first))
        for purpose, seconds in worst.items():
            oldest.add_metric([purpose], seconds)
        yield depth
        yield oldest

    def inbound(self) -> Iterator[GaugeMetricFamily]:
        now = datetime.now(timezone.utc)
        count, first = self.rows("SELECT count(*), min(created_at) FROM inbound_queue WHERE status = 'queued'")[0]
        yield GaugeMetricFamily("chamabora_inbound_waiting", "Stored SMS/WhatsApp messages not yet answered",
                                value=count)
        yield GaugeMetricFamily("chamabora_inbound_oldest_seconds", "Age of the oldest unanswered stored message",
                                value=age(now, first))

    def reconciliation(self) -> Iterator[GaugeMetricFamily]:
        settings, now = self.services.settings, datetime.now(timezone.utc)
        backlog = GaugeMetricFamily("chamabora_reconciliation_backlog",
                                    "M-Pesa requests whose callback has not come past its timeout", labels=["kind"])
        stk = self.rows("SELECT count(*) FROM mpesa_stk_requests WHERE status = 'pending' AND created_at < :before",
                        before=_ago(now, settings.mpesa_stk_timeout_seconds))[0][0]
        b2c = self.rows("SELECT count(*) FROM mpesa_disbursements WHERE status IN ('sent', 'unknown', 'checking') "
                        "AND updated_at < :before", before=_ago(now, settings.mpesa_b2c_timeout_seconds))[0][0]
        callbacks = self.rows("SELECT count(*) FROM mpesa_callbacks WHERE status = 'received' "
                              "AND received_at < :before", before=_ago(now, 60))[0][0]
        backlog.add_metric(["stk"], stk)
        backlog.add_metric(["b2c"], b2c)
        backlog.add_metric(["callback"], callbacks)
        yield backlog

    def fraud(self) -> Iterator[GaugeMetricFamily]:
        reviews = GaugeMetricFamily("chamabora_fraud_reviews", "Forwarded confirmations by fraud decision",
                                    labels=["decision"])
        for decision, count in self.rows("SELECT decision, count(*) FROM fraud_reviews GROUP BY decision"):
            reviews.add_metric([decision], count)
        yield reviews

    def queues(self) -> Iterator[GaugeMetricFamily]:
        redis = self.services.redis
        if redis is None:
            return
        # ops is a foundation that imports without RQ; RQ is asked only where Redis is configured
        from rq import Queue, Worker
        from rq.serializers import JSONSerializer

        depth = GaugeMetricFamily("chamabora_queue_depth", "RQ jobs waiting, per queue", labels=["queue"])
        lag = GaugeMetricFamily("chamabora_queue_lag_seconds", "How long the oldest waiting job has waited",
                                labels=["queue"])
        now = datetime.now(timezone.utc)
        for name in self.queue_names:
            queue = Queue(name, connection=redis, serializer=JSONSerializer)
            depth.add_metric([name], queue.count)
            first = queue.get_job_ids(0, 1)
            job = queue.fetch_job(first[0]) if first else None
            lag.add_metric([name], age(now, job.enqueued_at) if job is not None else 0.0)
        yield depth
        yield lag
        seen = [w for w in Worker.all(connection=redis) if w.last_heartbeat is not None
                and age(now, w.last_heartbeat) < self.services.settings.ops.ready_worker_seconds]
        yield GaugeMetricFamily("chamabora_workers_alive", "RQ workers with a recent heartbeat", value=len(seen))


def _ago(now: datetime, seconds: int) -> datetime:
    return now - timedelta(seconds=seconds)


def registry_for(services, queue_names: Sequence[str] = ()) -> CollectorRegistry:  # type: ignore[no-untyped-def]
    """What /metrics shows: every process's counters (multiprocess) or this one's, and the state."""
    registry = multiprocess.aggregated()
    if registry is None:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Forward(REGISTRY))
    registry.register(StateCollector(services, queue_names))
    return registry


class _Forward(Collector):
    """This process's own metrics, from the default registry."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self):  # type: ignore[no-untyped-def]
        return self.source.collect()

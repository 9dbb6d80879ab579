"""The worker `flask --app app worker` runs: RQ's, looking after itself.

Every MAINTENANCE_SECONDS, idle or not, each worker (one at a time across
the deployment, by a short Redis lock) does what used to need a separate
`worker sweep`: re-queues outbox rows whose jobs were lost (a Redis flush, a
web process that died after commit), releases rows a killed worker left
mid-send, queues retries no scheduler moved, wakes the answerers of stored
messages, and queues a drain for M-Pesa callbacks stored without one. It also
takes RQ's scheduler locks back as soon as a dead worker's expire, instead of
ten minutes later. A deployment of one worker recovers with no other process.
"""
from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rq import Worker

from chamabora.composition.root import Root
from chamabora.channels.mpesa import deferred
from chamabora.worker.sweeper import sweep, sweep_inbound

log = logging.getLogger(__name__)
MAINTENANCE_SECONDS = 15
MONITORING_SECONDS = 10   # a running job's heartbeat: the sweeper calls one 45 s old dead
SWEEP_LOCK = "chamabora:sweep"


class SelfHealingWorker(Worker):
    def __init__(self, *args, services: Root, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("maintenance_interval", MAINTENANCE_SECONDS)
        kwargs.setdefault("job_monitoring_interval", MONITORING_SECONDS)
        super().__init__(*args, **kwargs)
        self.services = services

    @property
    def dequeue_timeout(self) -> int:
        """An idle worker wakes this often to look after the deployment (RQ's default waits ~7 minutes)."""
        return MAINTENANCE_SECONDS

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()  # RQ's registries, and its scheduler's locks when it holds none
        recover(self.services)


def recover(services: Root) -> dict[str, int]:
    """One round of recovery, unless another worker did one within the interval: what was re-queued."""
    dispatcher, redis = services.jobs, services.redis
    done: dict[str, int] = {}
    if dispatcher is None or redis is None:
        return done  # the local default: everything is sent in process, nothing is left to recover
    try:
        if not redis.set(SWEEP_LOCK, "1", nx=True, ex=MAINTENANCE_SECONDS - 1):
            return done
        done["outbox"] = len(sweep(dispatcher))
        done["inbound"] = len(sweep_inbound(dispatcher))
        done["callbacks"] = deferred.requeue_lost_drain(services)
    except RedisError as error:
        log.warning("recovery round skipped: Redis unavailable (%s)", type(error).__name__)
    except Exception:  # noqa: BLE001 - a failed round must not stop the worker; the next round tries again
        log.exception("recovery round failed")
    if any(done.values()):
        log.warning("recovered after a crash: %s", done)
    return done

"""One log line and one metric sample per RQ job: its function, id, the
request that queued it (when there was one), its duration and outcome."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from chamabora.ops import logs
from chamabora.ops.metrics import JOB_SECONDS, JOBS

log = logging.getLogger("chamabora.jobs")
F = TypeVar("F", bound=Callable[..., object])


def request_meta() -> dict[str, str] | None:
    """What a job queued now carries from the request that queued it, for its log lines."""
    request_id = logs.current().get("request_id")
    return {"request_id": request_id} if request_id else None


def observed(function: F) -> F:
    name = function.__name__

    @wraps(function)
    def run(*args: object, **kwargs: object) -> object:
        # ops is a foundation that imports without RQ; only a running job asks it
        from rq import get_current_job

        job = get_current_job()
        meta = (job.meta or {}) if job is not None else {}
        with logs.scope(job=name, job_id=job.id if job is not None else None, request_id=meta.get("request_id")):
            outcome, started = "ok", time.perf_counter()
            try:
                return function(*args, **kwargs)
            except BaseException as error:
                outcome = "error"
                logs.bind(error=type(error).__name__)
                raise
            finally:
                seconds = time.perf_counter() - started
                JOBS.labels(name, outcome).inc()
                JOB_SECONDS.labels(name).observe(seconds)
                log.info("job", extra={"outcome": outcome, "duration_ms": round(seconds * 1000, 1)})
    return run  # type: ignore[return-value]

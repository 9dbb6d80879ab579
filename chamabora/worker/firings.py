"""The functions RQ runs for the schedule. They take an entry id and the
firing time as text, never live objects, and build their services once
per worker process (`worker.tasks.current`). A firing over chamas fans out
into one job per batch; a firing over nothing else runs at once. A job
that runs long after its firing (a backlog, a worker that was down) uses
the wall clock instead, so quiet hours are judged by when messages leave.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chamabora.core.schedule import NAIROBI
from chamabora.worker.tasks import current
from chamabora.ops.jobs import observed
from chamabora.schedule.backends import RQBackend
from chamabora.schedule.clock import parse_at
from chamabora.schedule.entries import BATCHES, BY_ID, EACH_CHAMA
from chamabora.schedule.runner import batches, chama_ids, run_firing
from chamabora.schedule.runner import run_batch as run_chamas

LATE = timedelta(minutes=30)


def effective(at: datetime, wall: datetime | None = None) -> datetime:
    wall = wall or datetime.now(NAIROBI)
    return wall if wall - at > LATE else at


@observed
def fire(entry_id: str, at: str) -> int:
    services, entry = current(), BY_ID[entry_id]
    moment = parse_at(at)
    if entry.scope in (BATCHES, EACH_CHAMA) and services.redis is not None:
        return RQBackend(services.redis).fan_out(entry, moment, batches(chama_ids(services)))
    return run_firing(services, entry, effective(moment))


@observed
def run_batch(entry_id: str, at: str, ids: list[int]) -> int:
    return run_chamas(current(), BY_ID[entry_id], effective(parse_at(at)), ids)

"""When entries fire, and the ticking loop shared by every backend.

A firing is an entry at one moment (Nairobi time, to the minute). Its job id
is derived from both, so every scheduler process computes the same id for
it. On start the clock catches up the latest firing of each entry missed in
the last day: each job does everything due as of its moment, so the latest
covers the ones before it, and a firing already run is refused by its id or
finds its work already marked done.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from croniter import croniter

from chamabora.core.errors import InvalidInput
from chamabora.core.schedule import NAIROBI
from chamabora.schedule.entries import Periodic

CATCH_UP = timedelta(days=1)
Fire = Callable[[Periodic, datetime], None]


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise InvalidInput("a moment must carry its time zone")
    return moment.astimezone(NAIROBI).replace(second=0, microsecond=0)


def firings(entry: Periodic, after: datetime, until: datetime) -> list[datetime]:
    """Every firing in (after, until], oldest first."""
    found, moments = [], croniter(entry.cron, local(after))
    while (moment := moments.get_next(datetime)) <= until:
        found.append(moment)
    return found


def next_firing(entry: Periodic, after: datetime, until: datetime) -> datetime | None:
    """The first firing in (after, until]: one step of the cron, where `firings(...)[0]` would list
    every firing up to `until` (half a million for an every-minute entry over 400 days)."""
    moment = croniter(entry.cron, local(after)).get_next(datetime)
    return moment if moment <= until else None


def latest(entry: Periodic, now: datetime, within: timedelta = CATCH_UP) -> datetime | None:
    """The last firing at or before `now`, if it is recent enough to still matter."""
    moment = croniter(entry.cron, local(now) + timedelta(minutes=1)).get_prev(datetime)
    return moment if moment > now - within else None


def job_id(entry: Periodic, at: datetime) -> str:
    return f"schedule-{entry.id}-{local(at):%Y%m%dT%H%M}"   # RQ ids: letters, digits, - and _


def parse_at(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=NAIROBI)


class Clock:
    """Fires each entry's firings as time passes; `tick` is driven by a loop or by a test's clock."""

    def __init__(self, entries: Iterable[Periodic], fire: Fire) -> None:
        self.entries, self.fire = tuple(entries), fire
        self.last: datetime | None = None

    def tick(self, now: datetime) -> list[tuple[str, datetime]]:
        fired = []
        for entry in self.entries:
            if self.last is None:
                moments = [m for m in [latest(entry, now)] if m is not None]
            else:
                moments = firings(entry, self.last, now)
            for moment in moments:
                self.fire(entry, moment)
                fired.append((entry.id, moment))
        self.last = now
        return fired

    def run_forever(self, every: float = 20.0, now: Callable[[], datetime] | None = None) -> None:
        clock = now or (lambda: datetime.now(NAIROBI))
        while True:
            self.tick(clock())
            time.sleep(every)

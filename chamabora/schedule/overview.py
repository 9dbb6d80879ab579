"""The calendar as an operator reads it: each entry, when it last fell due
and when it next fires (Nairobi time), searched by id or what it does.

Firings are not stored: a firing's work leaves its own marks (dedupe keys,
ledger keys, the outbox), so "last" is the calendar's last due moment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chamabora.schedule.clock import latest, local, next_firing
from chamabora.schedule.entries import ENTRIES

LOOK_BACK = timedelta(days=400)
LOOK_AHEAD = timedelta(days=400)


@dataclass(frozen=True, slots=True)
class EntryLine:
    id: str
    cron: str
    about: str
    scope: str
    last: datetime | None
    next: datetime | None


def overview(now: datetime, query: str = "") -> list[EntryLine]:
    found = []
    for entry in ENTRIES:
        if query and query.lower() not in f"{entry.id} {entry.about}".lower():
            continue
        upcoming = next_firing(entry, now, now + LOOK_AHEAD)
        last = latest(entry, now, LOOK_BACK)
        found.append(EntryLine(entry.id, entry.cron, entry.about, entry.scope, local(last) if last else None,
                               local(upcoming) if upcoming else None))
    return found

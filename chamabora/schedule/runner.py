"""Running one firing: import the entry's function and call it with the
arguments it asks for by name, as cosmicpython's bootstrap injects
dependencies. What a function may ask for:

- `services`, `settings`, `engine`: the app's, as built by the composition root
- `now`: the firing's moment (Nairobi); `today`: its date; `month`: the first
  day of the month before (the month a monthly job settles)
- `chama_ids`: one batch of chamas (scope "batches"); `chama_id` and `conn`:
  one chama in its own unit of work (scope "each_chama"); `conn` alone: one
  unit of work around the call

A chama whose work fails does not stop the others; the failures are raised
together at the end so RQ retries the firing, and the work already done is
found done (dedupe keys, ledger keys and schedule marks) the second time.
"""
from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select

from chamabora.services.records import chamas
from chamabora.schedule.clock import local
from chamabora.schedule.entries import BATCHES, EACH_CHAMA, Periodic
from chamabora.composition.root import Root

log = logging.getLogger(__name__)
BATCH_SIZE = 500


class FiringFailed(RuntimeError):
    """Some chamas' work failed in this firing; the rest was done."""


def resolve(target: str) -> Callable[..., object]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def previous_month(day: date) -> date:
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


def context(services: Root, at: datetime) -> dict[str, object]:
    now = local(at)
    return {"services": services, "settings": services.settings, "engine": services.engine,
            "now": now, "today": now.date(), "month": previous_month(now.date())}


def call(func: Callable[..., object], available: dict[str, object], services: Root) -> object:
    wanted = inspect.signature(func).parameters
    missing = [n for n, p in wanted.items() if n not in available and n != "conn" and p.default is p.empty]
    if missing:
        raise TypeError(f"{func.__module__}.{func.__name__} asks for {missing}, which the schedule cannot give")
    arguments = {name: available[name] for name in wanted if name in available}
    if "conn" in wanted:
        return services.run(lambda conn: func(conn=conn, **arguments))
    return func(**arguments)


def chama_ids(services: Root) -> list[int]:
    with services.engine.connect() as conn:
        return list(conn.execute(select(chamas.c.id).order_by(chamas.c.id)).scalars())


def batches(ids: list[int], size: int | None = None) -> list[list[int]]:
    size = size or BATCH_SIZE
    return [ids[at:at + size] for at in range(0, len(ids), size)]


def run_batch(services: Root, entry: Periodic, at: datetime, ids: list[int]) -> int:
    """One batch of chamas (scope "batches") or each chama of it in turn (scope "each_chama")."""
    func, available, failed = resolve(entry.target), context(services, at), []
    if entry.scope == BATCHES:
        call(func, {**available, "chama_ids": ids}, services)
        return len(ids)
    for chama_id in ids:
        try:
            call(func, {**available, "chama_id": chama_id}, services)
        except Exception as error:  # noqa: BLE001 - one chama's failure must not starve the rest
            log.exception("%s failed for chama %s", entry.id, chama_id)
            failed.append(f"{chama_id}: {error}")
    if failed:
        raise FiringFailed(f"{entry.id} at {local(at):%Y-%m-%d %H:%M}: {'; '.join(failed)[:500]}")
    return len(ids)


def run_firing(services: Root, entry: Periodic, at: datetime) -> int:
    """Run a whole firing in this process; returns how many chamas (or 1 for a single call) it covered."""
    if entry.scope not in (BATCHES, EACH_CHAMA):
        call(resolve(entry.target), context(services, at), services)
        return 1
    done, errors = 0, []
    for ids in batches(chama_ids(services)):
        try:
            done += run_batch(services, entry, at, ids)
        except Exception as error:  # noqa: BLE001 - later batches still run; the firing fails at the end
            log.exception("%s batch from chama %s failed", entry.id, ids[0])
            errors.append(str(error))
    if errors:
        raise FiringFailed("; ".join(errors)[:1000])
    return done

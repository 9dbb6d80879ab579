"""Reminder benchmark (issue 9), on PostgreSQL: compute and queue the day's
contribution reminders for 300,000 members across 20,000 chamas. Target
<= 30 s.

Every chama is monthly and due in two days, so every member who owes is
reminded: a third still owe last cycle (arrears), some of them a fine too,
one in fifty has sent STOP. The run is the scheduler's firing itself
(`run_firing`: batches of 500 chamas, one unit of work each); the
outbox rows it writes are handed to a dispatcher that only collects their
ids, as RQ would receive them, so the time is computing and queueing, not
sending. Timed sequentially, then split over several processes the way RQ
workers share the batch jobs, then run again (finding everything done).
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Engine, func, insert, select, text

from bench.ledger_setup import PG_BENCH_URL, postgres_engine
from chamabora.composition.build import build
from chamabora.core.schedule import NAIROBI
from chamabora.db.tables import Chama, Cycle, Member, Membership
from chamabora.outbox.store import outbox
from chamabora.schedule.entries import BY_ID
from chamabora.schedule.runner import batches, chama_ids, run_batch, run_firing
from chamabora.settings import Settings

CHAMAS = int(os.environ.get("BENCH_CHAMAS", "20000"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "300000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ANCHOR = date(2027, 2, 10)               # cycle 0 due 10 Feb (closed in arrears), cycle 1 due 10 Mar
AT = datetime(2027, 3, 8, 9, 0, tzinfo=NAIROBI)
ENTRY = BY_ID["contribution-reminders"]


class CollectingDispatcher:
    def __init__(self) -> None:
        self.ids: list[int] = []

    def dispatch(self, message_ids: list[int], purposes: dict[int, str] | None = None) -> None:
        self.ids.extend(message_ids)


def seed(engine: Engine) -> None:
    """Chamas, members and memberships, cycle 0 opened with its dues; a third unpaid, some fined."""
    per = MEMBERS // CHAMAS
    with engine.begin() as conn:
        conn.execute(insert(Chama.__table__), [
            {"name": f"Chama {c}", "join_code": f"B{c:07d}", "contribution_cents": 50000, "frequency": "monthly",
             "anchor_date": ANCHOR, "grace_days": 3, "fine_flat_cents": 5000, "fine_percent_bp": 0,
             "fine_per_day": False, "rotation_mode": "join_order", "rotation_seed": c} for c in range(CHAMAS)])
        conn.execute(insert(Member.__table__), [
            {"phone": f"+2547{m:08d}", "name": f"Member {m}", "language": "sw" if m % 3 == 0 else "en",
             "pin_failures": 0, "opted_out": m % 50 == 0} for m in range(MEMBERS)])
        chama_ids_ = list(conn.execute(select(Chama.__table__.c.id).order_by(Chama.__table__.c.id)).scalars())
        member_ids = list(conn.execute(select(Member.__table__.c.id).order_by(Member.__table__.c.id)).scalars())
        conn.execute(insert(Membership.__table__), [
            {"chama_id": chama_ids_[i // per], "member_id": m, "role": "chair" if i % per == 0 else "member",
             "status": "active", "join_seq": i % per + 1, "joined_cycle": 0}
            for i, m in enumerate(member_ids[:per * CHAMAS])])
        conn.execute(insert(Cycle.__table__), [
            {"chama_id": c, "seq": 0, "due_date": ANCHOR, "status": "closed"} for c in chama_ids_])
        conn.execute(text(
            "INSERT INTO dues (chama_id, membership_id, cycle_id, kind, due_date, amount_cents, paid_cents, key) "
            "SELECT ms.chama_id, ms.id, cy.id, 'contribution', cy.due_date, 50000, "
            "CASE WHEN ms.id % 3 = 0 THEN 0 ELSE 50000 END, 'due:' || cy.id || ':' || ms.id "
            "FROM memberships ms JOIN cycles cy ON cy.chama_id = ms.chama_id"))
        conn.execute(text(
            "INSERT INTO dues (chama_id, membership_id, cycle_id, kind, due_date, amount_cents, paid_cents, key) "
            "SELECT chama_id, membership_id, cycle_id, 'fine', DATE '2027-02-14', 5000, 0, 'fine:' || cycle_id || ':' "
            "|| membership_id FROM dues WHERE kind = 'contribution' AND paid_cents = 0 AND membership_id % 2 = 0"))
        conn.execute(text("ANALYZE"))


def services_for(url: str):  # type: ignore[no-untyped-def]
    return replace(build(Settings(env="test", database_url=url)), dispatcher=CollectingDispatcher())


def run_share(share: list[list[int]]) -> int:
    """One worker process: its share of the batch jobs."""
    services = services_for(PG_BENCH_URL)
    for ids in share:
        run_batch(services, ENTRY, AT, ids)
    queued = len(services.dispatcher.ids)
    services.close()
    return queued


def count_reminders(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.purpose == "reminder")).scalar_one()


def clear(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE outbox, schedule_marks CASCADE"))   # nothing else was written


def main() -> None:
    engine = postgres_engine()
    if engine is None:
        return
    started = time.perf_counter()
    seed(engine)
    print(f"{'seeded chamas / members':<34} {CHAMAS:>10,} / {MEMBERS:,} in {time.perf_counter() - started:.1f} s")
    services = services_for(PG_BENCH_URL)
    started = time.perf_counter()
    run_firing(services, ENTRY, AT)
    sequential = time.perf_counter() - started
    reminded = count_reminders(engine)
    print(f"{'reminders queued, one process':<34} {reminded:>10,}   ({len(services.dispatcher.ids):,} dispatched)")
    print(f"{'  time':<34} {sequential:10.2f} s    (target <=30 s: {'met' if sequential <= 30 else 'MISSED'})")
    started = time.perf_counter()
    run_firing(services, ENTRY, AT)
    print(f"{'  the same firing again':<34} {time.perf_counter() - started:10.2f} s    "
          f"(new rows: {count_reminders(engine) - reminded})")
    clear(engine)
    work = batches(chama_ids(services))
    shares = [work[i::WORKERS] for i in range(WORKERS)]
    started = time.perf_counter()
    with ProcessPoolExecutor(WORKERS) as pool:
        queued = sum(pool.map(run_share, shares))
    parallel = time.perf_counter() - started
    print(f"{f'reminders queued, {WORKERS} workers':<34} {queued:>10,}")
    print(f"{'  time':<34} {parallel:10.2f} s")
    services.close()
    engine.dispose()


if __name__ == "__main__":
    main()

"""Small builders for tests: a chama with members, in one call."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from chamabora.core.chama import ChamaTerms, FineRule, Frequency, RotationMode
from chamabora.core.money import Money
from chamabora.services.people import membership
from chamabora.db.transaction import unit_of_work


def phone(n: int) -> str:
    return f"+2547{n:08d}"


def make_chama(engine: Engine, members: int, contribution: int = 1000, anchor: date = date(2027, 1, 31),
               grace: int = 3, fine: FineRule | None = None, frequency: Frequency = Frequency.MONTHLY,
               rotation: RotationMode = RotationMode.JOIN_ORDER, code: str = "UMOJA",
               join_day: date | None = None) -> tuple[int, list[int]]:
    """A chama whose first member is chair; returns (chama id, member ids in join order)."""
    terms = ChamaTerms(Money.shillings(contribution), frequency, anchor, grace,
                       fine or FineRule(flat=Money.shillings(100)), rotation)

    def work(conn):  # type: ignore[no-untyped-def]
        ids = [membership.register_member(conn, phone(i), f"Member {i}") for i in range(1, members + 1)]
        chama_id = membership.create_chama(conn, ids[0], "Umoja", terms, code, rotation_seed=42)
        for member_id in ids[1:]:
            membership.join_chama(conn, member_id, chama_id, join_day or anchor)
        return chama_id, ids

    made = unit_of_work(engine, work)
    forget_notices(engine)
    return made


def forget_notices(engine: Engine) -> None:
    """Drop the notices a test's setup caused (the chair told of each join, a new officer of their role),
    so the test reads only the messages of what it does."""
    from sqlalchemy import delete

    from chamabora.outbox.store import outbox

    unit_of_work(engine, lambda conn: conn.execute(delete(outbox).where(outbox.c.purpose == "notice")))


def join_newcomer(engine: Engine, chama_id: int, n: int, day: date) -> int:
    """Member n registers and joins the chama on `day`; their member id."""
    def work(conn):  # type: ignore[no-untyped-def]
        newcomer = membership.register_member(conn, phone(n), f"Member {n}")
        membership.join_chama(conn, newcomer, chama_id, day)
        return newcomer

    return unit_of_work(engine, work)  # type: ignore[no-any-return]


def snapshot(engine: Engine) -> dict[str, object]:
    """Row counts of every table and the postings' total: equal snapshots mean nothing was written."""
    from sqlalchemy import func, select

    from chamabora.db.schema import Base

    with engine.connect() as conn:
        counts: dict[str, object] = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                                     for t in Base.metadata.sorted_tables}
        counts["paid"] = conn.execute(select(func.sum(Base.metadata.tables["dues"].c.paid_cents))).scalar()
    return counts


def run(engine: Engine, work):  # type: ignore[no-untyped-def]
    return unit_of_work(engine, work)

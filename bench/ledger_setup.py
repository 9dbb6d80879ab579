"""Building benchmark chamas quickly: members, memberships and accounts are
inserted in bulk, exactly as the services would write them one by one."""
from __future__ import annotations

import os
from datetime import date

from sqlalchemy import Engine, create_engine, insert, text

from chamabora.core.chama import ChamaTerms, FineRule, Frequency
from chamabora.core.ledger import PER_MEMBER, AccountRef
from chamabora.core.money import Money
from chamabora.db.engine import make_engine
from chamabora.services.people import membership
from chamabora.services.ledger.store import accounts
from chamabora.services.records import members, memberships
from chamabora.db.transaction import unit_of_work

PG_BENCH_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/chamabora_bench")
ANCHOR = date(2027, 1, 31)


def postgres_engine(url: str = PG_BENCH_URL) -> Engine | None:
    """A freshly migrated benchmark database, or None when PostgreSQL is not reachable."""
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001 - the bench reports and carries on with SQLite
        print(f"  PostgreSQL not available ({type(exc).__name__}); skipping it")
        return None
    return migrated(url)


def sqlite_engine(path: str) -> Engine:
    if os.path.exists(path):
        os.remove(path)
    return migrated(f"sqlite:///{path}")


def migrated(url: str) -> Engine:
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    config = Config(os.path.join(root, "alembic.ini"))
    config.set_main_option("script_location", os.path.join(root, "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
    return engine


def build_chama(engine: Engine, size: int, code: str) -> tuple[int, list[int]]:
    terms = ChamaTerms(Money.shillings(1000), Frequency.MONTHLY, ANCHOR, 3, FineRule(flat=Money.shillings(100)))

    def work(conn):  # type: ignore[no-untyped-def]
        founder = membership.register_member(conn, f"+2547{hash(code) % 10**8:08d}", "Founder")
        chama_id = membership.create_chama(conn, founder, f"Bench {code}", terms, code, rotation_seed=1)
        base = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM members")).scalar_one()
        conn.execute(insert(members), [
            {"phone": f"+2541{(base + i) % 10**8:08d}", "name": f"Member {i}", "language": "en",
             "pin_failures": 0, "opted_out": False} for i in range(1, size)])
        ids = [r[0] for r in conn.execute(text("SELECT id FROM members WHERE id > :b ORDER BY id"), {"b": base})]
        conn.execute(insert(memberships), [
            {"chama_id": chama_id, "member_id": m, "role": "member", "status": "active",
             "join_seq": i + 2, "joined_cycle": 0} for i, m in enumerate(ids)])
        conn.execute(insert(accounts), [
            {"chama_id": chama_id, "kind": k.value, "member_id": m, "code": AccountRef(k, m).code}
            for m in ids for k in PER_MEMBER])
        return chama_id, [founder] + ids

    built = unit_of_work(engine, work)
    # a running database has had its statistics gathered by autovacuum long ago; without them
    # PostgreSQL plans the balance query over every account of the chama
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return built

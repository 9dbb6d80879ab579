"""Shared fixtures.

Database tests run on every configured database: SQLite always, and
PostgreSQL when TEST_DATABASE_URL is set (CI sets it; in CI a missing
PostgreSQL fails the run instead of skipping). The schema is built by Alembic,
once per session per database; each test starts from empty tables.

Under pytest-xdist (`make test` runs `pytest -n`), each worker has its own
PostgreSQL database (TEST_DATABASE_URL's name + `_gw0`, `_gw1`, ..., created
when missing) and its own Redis index (TEST_REDIS_URL's index, 15 by default,
less the worker's number: 15, 14, 13, ...), set in the environment before any
test module reads them.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.routing import Rule

from chamabora.db.engine import make_engine
from chamabora.db.schema import Base

ROOT = Path(__file__).resolve().parent.parent
WORKER = os.environ.get("PYTEST_XDIST_WORKER")   # "gw0", "gw1", ... under `pytest -n`


def _own_postgres(url: str, worker: str) -> str:
    """This worker's database beside TEST_DATABASE_URL's, created when missing: workers never
    truncate each other's tables."""
    base = make_url(url)
    mine = base.set(database=f"{base.database}_{worker}")
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                        {"name": mine.database}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{mine.database}"'))
    admin.dispose()
    return mine.render_as_string(hide_password=False)


def _own_redis(url: str, number: int) -> str:
    """TEST_REDIS_URL's index less the worker's number: each worker flushes only its own."""
    parts = urlsplit(url)
    index = int(parts.path.strip("/") or 0) - number
    if index < 0:
        raise pytest.UsageError(f"TEST_REDIS_URL's index less worker {number} is below Redis's database 0")
    return urlunsplit(parts._replace(path=f"/{index}"))


if WORKER:
    if os.environ.get("TEST_DATABASE_URL"):
        os.environ["TEST_DATABASE_URL"] = _own_postgres(os.environ["TEST_DATABASE_URL"], WORKER)
    os.environ["TEST_REDIS_URL"] = _own_redis(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
                                              int(WORKER.removeprefix("gw")))

PG_URL = os.environ.get("TEST_DATABASE_URL")
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])

if os.environ.get("CI") and not PG_URL:
    raise pytest.UsageError("CI must set TEST_DATABASE_URL: PostgreSQL tests are required there")


_compile_builder = Rule._compile_builder
_builders: dict[tuple, object] = {}  # type: ignore[type-arg]


def _shared_builder(self: Rule, append_unknown: bool = True):  # type: ignore[no-untyped-def]
    """Werkzeug compiles two URL builders per rule with `ast` and `compile` each time an app is
    made: nine tenths of `create_app`, which the suite calls for nearly every test. A builder
    is a pure function of its rule's parsed parts (it reaches the rule only through its `self`
    argument), so the suite compiles each one once; production makes its app once anyway."""
    key = (self.rule, append_unknown, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
           tuple((name, type(converter)) for name, converter in self._converters.items()))
    if key not in _builders:
        _builders[key] = _compile_builder(self, append_unknown)
    return _builders[key]


Rule._compile_builder = _shared_builder  # type: ignore[method-assign]


def alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


def migrate(engine: Engine, revision: str = "heads") -> None:
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def reset_postgres(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("db") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine():  # type: ignore[no-untyped-def]
    engine = make_engine(PG_URL, pool_size=8, max_overflow=8)
    reset_postgres(engine)
    migrate(engine)
    yield engine
    engine.dispose()


# Each table's own sequences (serial and identity columns) back to where they start, as
# TRUNCATE's RESTART IDENTITY does: tests read ids (L1, W2) as a person would.
RESTART_SEQUENCES = """
SELECT setval(seq.seqrelid, seq.seqstart, false)
FROM pg_depend dep
JOIN pg_sequence seq ON seq.seqrelid = dep.objid
WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
  AND dep.deptype IN ('a', 'i') AND dep.refobjid = ANY(CAST(:tables AS regclass[]))
"""


def truncate_all(engine: Engine) -> None:
    """Every table empty and every id starting again.

    TRUNCATE gives each of the ~50 tables new files: about a second a test on a busy machine.
    DELETE of the few rows a test wrote is milliseconds; triggers are off for it (the ledger's
    append-only guards would refuse it, and with foreign keys off the order does not matter),
    which takes a superuser, as CI's and every developer's `postgres` is. Others TRUNCATE."""
    tables = [t.name for t in Base.metadata.sorted_tables]
    with engine.begin() as conn:
        if not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            return
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.exec_driver_sql("; ".join(f'DELETE FROM "{name}"' for name in tables))
        conn.execute(text(RESTART_SEQUENCES), {"tables": tables})


@pytest.fixture(params=DATABASES)
def engine(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        path = tmp_path / "chamabora.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
        return
    eng = request.getfixturevalue("pg_engine")
    truncate_all(eng)
    yield eng


@pytest.fixture(params=DATABASES)
def fresh_engines(request, tmp_path):  # type: ignore[no-untyped-def]
    """A factory of empty databases, one per call: for property tests that need
    a clean ledger for every generated example."""
    made = []

    def make() -> Engine:
        if request.param == "postgresql":
            eng = request.getfixturevalue("pg_engine")
            truncate_all(eng)
            return eng
        path = tmp_path / f"example{len(made)}.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
        made.append(eng)
        return eng

    yield make
    for eng in made:
        eng.dispose()


if not PG_URL:
    # PostgreSQL-only behaviour (triggers, row locks) cannot run without it; CI always sets it
    collect_ignore = ["postgres"]


@pytest.fixture
def postgres(pg_engine):  # type: ignore[no-untyped-def]
    truncate_all(pg_engine)
    return pg_engine


@pytest.fixture
def make_app():  # type: ignore[no-untyped-def]
    """Build apps from settings overrides; every one is closed after the test."""
    from chamabora.app import create_app
    from chamabora.settings import Settings

    made = []

    def build(database_url: str, **overrides):  # type: ignore[no-untyped-def]
        application = create_app(Settings.for_tests(database_url, **overrides))
        made.append(application)
        return application

    yield build
    for application in made:
        application.extensions["chamabora"].close()


@pytest.fixture
def app(engine, make_app):  # type: ignore[no-untyped-def]
    return make_app(engine.url.render_as_string(hide_password=False))


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()

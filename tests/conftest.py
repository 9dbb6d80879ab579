"""Shared fixtures.

Database tests run on every configured database: SQLite always, and
PostgreSQL when TEST_DATABASE_URL is set (CI sets it; in CI a missing
PostgreSQL fails the run instead of skipping). The schema is built by Alembic,
once per session per database; each test starts from empty tables.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from chamabora.db.engine import make_engine
from chamabora.db.schema import Base

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL")
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])

if os.environ.get("CI") and not PG_URL:
    raise pytest.UsageError("CI must set TEST_DATABASE_URL: PostgreSQL tests are required there")


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


def truncate_all(engine: Engine) -> None:
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


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

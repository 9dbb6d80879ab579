"""Services driven through their ports, in milliseconds.

The use cases run as they do in production, each in its own unit of work on
SQLAlchemy, but on an in-memory SQLite database: the schema and one chama are
built once per session and each test starts from a copy of them, restored
with SQLite's backup API (well under a millisecond) on one engine kept for
the session. What leaves the house goes through the outbox to a `FakeSender`,
which records what a member or officer would have received. Days and times
come from a fixed clock.

These tests are about the ports, not the database: they run once, marked
`ports`, whatever TEST_DATABASE_URL says; the database-backed tests
(tests/integration, tests/e2e) run on every configured database.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TypeVar

import pytest
from sqlalchemy import Connection, Engine, select
from sqlalchemy.pool import StaticPool

from chamabora.core.chama import Role
from chamabora.core.schedule import today_in_nairobi
from chamabora.db.engine import make_engine
from chamabora.db.schema import metadata
from chamabora.db.transaction import unit_of_work
from chamabora.ops.logs import scope
from chamabora.outbox.dispatch import InlineDispatcher
from chamabora.core.ports import Outgoing, Sent
from chamabora.outbox.store import Channel, outbox, take_pending
from chamabora.services.people import membership
from tests.helpers import forget_notices, make_chama

T = TypeVar("T")
Seeded = tuple[Engine, sqlite3.Connection, sqlite3.Connection, tuple[int, list[int]]]


@dataclass(frozen=True, slots=True)
class FixedClock:
    """The `Clock` port, stopped on a Nairobi morning; `today` for the services that take the day."""

    at: datetime = datetime(2027, 1, 20, 6, 0, tzinfo=timezone.utc)  # 09:00 in Nairobi

    def now(self) -> datetime:
        return self.at

    @property
    def today(self) -> date:
        return today_in_nairobi(self.at)


@dataclass
class FakeSender:
    """The `Sender` port, keeping what it was handed instead of calling a provider."""

    provider = "fake"
    sent: list[Outgoing] = field(default_factory=list)

    def send(self, message: Outgoing) -> Sent:
        self.sent.append(message)
        return Sent(self.provider, f"fake-{message.id}")


@dataclass
class Harness:
    """Units of work as the composition root runs them (chamabora.composition.root.Root.run), with the
    rows each one queued kept until `send_outbox` hands them to the fake sender."""

    engine: Engine
    sender: FakeSender
    clock: FixedClock
    pending: list[int] = field(default_factory=list)

    def run(self, work: Callable[[Connection], T]) -> T:
        queued: list[int] = []

        def wrapped(conn: Connection) -> T:
            take_pending(conn)  # left on the pooled connection by an earlier transaction
            result = work(conn)
            queued[:] = take_pending(conn)[0]
            return result

        result = unit_of_work(self.engine, wrapped)
        self.pending.extend(queued)
        return result

    def send_outbox(self) -> list[Outgoing]:
        """Send every row queued so far, as the local default does after commit; what went out."""
        before = len(self.sender.sent)
        ids, self.pending = self.pending, []
        with scope():  # as a request or job does: the log fields each send binds end with it
            InlineDispatcher(self.engine, {channel.value: self.sender for channel in Channel}).dispatch(ids)
        return self.sender.sent[before:]

    def statuses(self) -> dict[int, str]:
        """Each outbox row's status, by id."""
        with self.engine.connect() as conn:
            return {row.id: row.status for row in conn.execute(select(outbox.c.id, outbox.c.status))}


@pytest.fixture(scope="session")
def session_engine() -> Iterator[Seeded]:
    """One in-memory database, and a pristine copy of it: the schema and one chama, Umoja (KSh 1,000 a
    month, due 31 January 2027, three days' grace, KSh 100 fine), whose chair is its first member and
    treasurer its second. One engine for the session keeps SQLAlchemy's compiled statements (cached
    per engine: a new engine per test cost ~40 ms on this machine), and the chama built once saves
    each test the ~40 statements of setting it up."""
    template = sqlite3.connect(":memory:", check_same_thread=False)
    live = sqlite3.connect(":memory:", check_same_thread=False)
    engine = make_engine("sqlite://", poolclass=StaticPool, creator=lambda: live)
    metadata.create_all(engine)
    umoja = make_chama(engine, 4)  # chair, then three members in join order
    unit_of_work(engine, lambda conn: membership.assign_role(conn, umoja[0], umoja[1][0], umoja[1][1], Role.TREASURER))
    forget_notices(engine)
    live.backup(template)
    yield engine, template, live, umoja
    engine.dispose()  # closes `live`: the pool holds its one connection
    template.close()


@pytest.fixture
def memory_engine(session_engine: Seeded) -> Engine:
    """The in-memory database as it was seeded, for this test (SQLite's backup API copies the
    pristine copy over it)."""
    engine, template, live, _ = session_engine
    template.backup(live)
    return engine


@pytest.fixture
def umoja(session_engine: Seeded) -> tuple[int, list[int]]:
    """The seeded chama: (chama id, member ids in join order: chair, treasurer, two members)."""
    return session_engine[3]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def sender() -> FakeSender:
    return FakeSender()


@pytest.fixture
def world(memory_engine: Engine, sender: FakeSender, clock: FixedClock) -> Harness:
    return Harness(memory_engine, sender, clock)

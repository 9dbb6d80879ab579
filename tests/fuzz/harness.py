"""Posting drawn requests and judging the answers: never a 5xx, and a refused
request (4xx) leaves every table as it was. Answers are tallied per route so
the same run can report its figures (`python -m tests.fuzz`)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from chamabora.db.schema import Base
from tests.fuzz.shapes import Drawn

# a refusal that writes by design: a wrong enrolment code is counted against the phone (push/routes.py)
COUNTED_REFUSALS = {"wrong_code"}
# Daraja answers these with HTTP 500 by its own protocol (PROTOCOLS.md §5: a duplicate originator id, a
# prompt still being processed); the simulator must too, and our client relies on them
DARAJA_500 = {"500.001.1001", "500.002.1001"}
DARAJA_LABEL = "500 Daraja's own"


@dataclass
class Tally:
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    problems: list[str] = field(default_factory=list)

    def add(self, route: str, status: str) -> None:
        self.statuses[route][status] += 1

    def requests(self) -> int:
        return sum(sum(c.values()) for c in self.statuses.values())

    def server_errors(self) -> int:
        return sum(n for c in self.statuses.values() for status, n in c.items() if status.isdigit()
                   and int(status) >= 500)

    def table(self) -> str:
        lines = [f"{'route':30} {'requests':>8}  statuses"]
        for route in sorted(self.statuses):
            counts = self.statuses[route]
            shown = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
            lines.append(f"{route:30} {sum(counts.values()):8}  {shown}")
        lines.append(f"{'all routes':30} {self.requests():8}  5xx: {self.server_errors()} (and "
                     f"{sum(c[DARAJA_LABEL] for c in self.statuses.values())} of Daraja's documented 500 replies "
                     f"from the simulator)")
        return "\n".join(lines)


def row_counts(engine: Engine) -> tuple[int, ...]:
    """Every table's row count, in one statement (a request is judged by it twice)."""
    counts = [select(func.count()).select_from(table).scalar_subquery() for table in Base.metadata.sorted_tables]
    with engine.connect() as conn:
        return tuple(conn.execute(select(*counts)).one())


def post(client, drawn: Drawn):  # type: ignore[no-untyped-def]
    if drawn.method == "GET":
        return client.get(drawn.path, headers=drawn.headers)
    return client.post(drawn.path, data=drawn.body, content_type=drawn.content_type, headers=drawn.headers)


def judge(client, engine: Engine | None, drawn: Drawn, tally: Tally) -> None:  # type: ignore[no-untyped-def]
    """Post one request and record what went wrong, if anything (the caller asserts on `tally.problems`)."""
    before = row_counts(engine) if engine is not None else None
    response = post(client, drawn)
    reply = response.get_json(silent=True) if response.is_json else None
    if engine is None and isinstance(reply, dict) and reply.get("errorCode") in DARAJA_500:
        tally.add(drawn.route, DARAJA_LABEL)  # the simulator speaking Daraja, not failing
        return
    tally.add(drawn.route, str(response.status_code))
    if response.status_code >= 500:
        tally.problems.append(f"{drawn.route}: {response.status_code} for {drawn.body[:200]!r} at {drawn.path[:120]}")
        return
    if engine is not None and 400 <= response.status_code < 500 and row_counts(engine) != before:
        if not (isinstance(reply, dict) and reply.get("error") in COUNTED_REFUSALS):
            tally.problems.append(f"{drawn.route}: refused with {response.status_code} but stored rows "
                                  f"for {drawn.body[:200]!r}")

"""Work a handler hands back to the engine to run after its savepoint: ledger
postings, which PostgreSQL's ledger guard only accepts in the top-level
transaction that created their entry (migration 0002)."""
from __future__ import annotations

from collections.abc import Callable

from .turn import Turn

AFTER_SAVEPOINT = "after_savepoint"


def after_savepoint(turn: Turn) -> Callable[[Callable[[], None]], None]:
    def defer(work: Callable[[], None]) -> None:
        turn.notes.setdefault(AFTER_SAVEPOINT, []).append(work)  # type: ignore[union-attr]
    return defer

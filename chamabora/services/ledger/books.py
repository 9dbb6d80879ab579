"""The chama's journal as its officers read it: entries newest first, each
with its postings (which account, whose, how much). Read only."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from chamabora.core.money import Money
from chamabora.services.ledger.store import accounts, entries, postings
from chamabora.services.records import members


@dataclass(frozen=True, slots=True)
class Line:
    account: str          # the account kind (cash, dues_receivable...)
    member: str | None    # whose account, for a member's own
    amount: Money         # positive debit, negative credit


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    posted_at: datetime
    kind: str
    memo: str
    reverses: int | None
    lines: list[Line]


def journal_page(conn: Connection, chama_id: int, offset: int, limit: int) -> tuple[int, list[JournalEntry]]:
    """(how many entries the chama has, one page of them newest first)."""
    total = conn.execute(select(func.count()).select_from(entries).where(entries.c.chama_id == chama_id)).scalar_one()
    rows = conn.execute(select(entries.c.id, entries.c.posted_at, entries.c.kind, entries.c.memo, entries.c.reverses_id)
                        .where(entries.c.chama_id == chama_id)
                        .order_by(entries.c.id.desc()).offset(offset).limit(limit)).all()
    ids = [r.id for r in rows]
    lines: dict[int, list[Line]] = {i: [] for i in ids}
    if ids:
        for entry_id, kind, name, cents in conn.execute(
                select(postings.c.entry_id, accounts.c.kind, members.c.name, postings.c.amount_cents)
                .join(accounts, accounts.c.id == postings.c.account_id)
                .join(members, members.c.id == accounts.c.member_id, isouter=True)
                .where(postings.c.entry_id.in_(ids))
                .order_by(postings.c.entry_id, postings.c.amount_cents.desc(), postings.c.id)):
            lines[entry_id].append(Line(kind, name, Money(cents)))
    return total, [JournalEntry(r.id, r.posted_at, r.kind, r.memo or "", r.reverses_id, lines[r.id]) for r in rows]

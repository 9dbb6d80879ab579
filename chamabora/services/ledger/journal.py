"""The journal as an operator reads it: a chama's entries newest first, and
one entry with its postings and whether it was reversed (or reverses one)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from chamabora.core.money import Money
from chamabora.db.tables import sum_cents
from chamabora.services.ledger.store import accounts, entries, postings
from chamabora.db.paging import Page, matching, page_of, window
from chamabora.services.records import chamas, members


@dataclass(frozen=True, slots=True)
class EntryLine:
    id: int
    posted_at: datetime
    kind: str
    memo: str
    amount: Money                 # the entry's size: the sum of its debits
    reverses_id: int | None
    reversed_by: int | None


@dataclass(frozen=True, slots=True)
class PostingLine:
    account: str                  # the account's code, e.g. dues_receivable:12
    member: str | None            # whose account, when it is a member's
    amount: Money                 # debit > 0, credit < 0


@dataclass(frozen=True, slots=True)
class EntryDetail:
    line: EntryLine
    chama_name: str
    chama_code: str
    postings: list[PostingLine]


_reversal = aliased(entries)
_debits = (select(sum_cents(postings.c.amount_cents)).where(postings.c.entry_id == entries.c.id,
                                                            postings.c.amount_cents > 0).scalar_subquery())
_LINE = (select(entries.c.id, entries.c.posted_at, entries.c.kind, entries.c.memo, _debits.label("amount"),
                entries.c.reverses_id, _reversal.c.id.label("reversed_by"))
         .join(_reversal, _reversal.c.reverses_id == entries.c.id, isouter=True))


def _line(row) -> EntryLine:  # type: ignore[no-untyped-def]
    return EntryLine(row.id, row.posted_at, row.kind, row.memo, Money(row.amount or 0), row.reverses_id,
                     row.reversed_by)


def entry_page(conn: Connection, chama_id: int, query: str, number: int) -> Page[EntryLine]:
    """Searched by what the entry says (memo) or its kind (payment, levy, ...)."""
    limit, offset = window(number)
    statement = _LINE.where(entries.c.chama_id == chama_id).order_by(entries.c.id.desc())
    if query:
        statement = statement.where(matching(query, entries.c.memo, entries.c.kind))
    return page_of([_line(r) for r in conn.execute(statement.limit(limit).offset(offset))], number)


def entry_detail(conn: Connection, entry_id: int) -> EntryDetail | None:
    row = conn.execute(_LINE.add_columns(chamas.c.name.label("chama_name"), chamas.c.join_code)
                       .join(chamas, chamas.c.id == entries.c.chama_id).where(entries.c.id == entry_id)).first()
    if row is None:
        return None
    lines = [PostingLine(code, name, Money(cents)) for code, name, cents in conn.execute(
        select(accounts.c.code, members.c.name, postings.c.amount_cents)
        .join(accounts, accounts.c.id == postings.c.account_id)
        .join(members, members.c.id == accounts.c.member_id, isouter=True)
        .where(postings.c.entry_id == entry_id).order_by(func.abs(postings.c.amount_cents).desc(), postings.c.id))]
    return EntryDetail(_line(row), row.chama_name, row.join_code, lines)

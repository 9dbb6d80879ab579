"""The monthly statement emailed to chairs and treasurers: a short summary
in the officer's language and a CSV with one line per member (paid in the
month, and what each owes or is owed at the month's end). Once per chama
and month: a mark is written with the emails."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime, time, timezone

from sqlalchemy import Connection, and_, select

from chamabora.i18n.catalogs import translate
from chamabora.core.ledger import AccountKind, EntryKind
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.db.tables import sum_cents
from chamabora.services.ledger.store import accounts, entries, postings
from chamabora.services.records import chamas, members, memberships
from chamabora.services.notices import marks
from chamabora.i18n.officers import STATEMENT_BODY, STATEMENT_SUBJECT
from chamabora.services.notices.officers import Attachment, Officer, email, officers_with_email

KIND = "monthly-statement"
COLUMNS = ("member", "phone", "role", "paid_in_month", "dues_owed", "fines_owed", "credit", "payout_owed")
MEMBER_SIDE = (AccountKind.DUES_RECEIVABLE.value, AccountKind.FINES_RECEIVABLE.value,
               AccountKind.MEMBER_CREDIT.value)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = date(month.year, month.month, 1)
    end = date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    # UTC: SQLite keeps timestamps without their zone, as the ledger writes them (UTC)
    return (datetime.combine(start, time(), NAIROBI).astimezone(timezone.utc),
            datetime.combine(end, time(), NAIROBI).astimezone(timezone.utc))


def email_statements(services, chama_ids: list[int], month: date) -> int:  # type: ignore[no-untyped-def]
    """Email last month's statement for each chama of the batch with an officer who gave an address."""
    period = f"{month:%Y-%m}"
    with services.engine.connect() as conn:
        officers = officers_with_email(conn, chama_ids)
        pending = [c for c in officers if c not in marks.done(conn, KIND, officers, period)]
    for chama_id in pending:
        services.run(lambda conn: send_statement(conn, chama_id, month, officers[chama_id]))
    return len(pending)


def send_statement(conn: Connection, chama_id: int, month: date, officers: list[Officer]) -> None:
    period = f"{month:%Y-%m}"
    if marks.done(conn, KIND, [chama_id], period):
        return
    name = conn.execute(select(chamas.c.name).where(chamas.c.id == chama_id)).scalar_one()
    lines = statement_lines(conn, chama_id, month)
    attachment = Attachment(f"{name.lower().replace(' ', '-')}-{period}.csv", "text/csv", to_csv(lines))
    totals = {column: Money(sum(line[column] for line in lines))
              for column in ("paid_in_month", "dues_owed", "fines_owed")}
    for officer in officers:
        label = f"{month:%m/%Y}"
        subject = translate(officer.language, STATEMENT_SUBJECT, chama=name, month=label)
        body = translate(officer.language, STATEMENT_BODY, chama=name, month=label, members=len(lines),
                         paid=totals["paid_in_month"], owed=totals["dues_owed"], fines=totals["fines_owed"])
        email(conn, officer, chama_id, subject, body, f"statement:{chama_id}:{period}:{officer.member_id}",
              (attachment,))
    marks.mark(conn, KIND, [chama_id], period)


def statement_lines(conn: Connection, chama_id: int, month: date) -> list[dict]:  # type: ignore[type-arg]
    start, end = month_bounds(month)
    balances: dict[int, dict[str, int]] = defaultdict(dict)
    for member_id, kind, total in conn.execute(
            select(accounts.c.member_id, accounts.c.kind, sum_cents(postings.c.amount_cents))
            .join(postings, postings.c.account_id == accounts.c.id)
            .join(entries, and_(entries.c.id == postings.c.entry_id, entries.c.posted_at < end))
            .where(accounts.c.chama_id == chama_id, accounts.c.member_id.is_not(None))
            .group_by(accounts.c.member_id, accounts.c.kind)):
        balances[member_id][kind] = total
    paid = dict(conn.execute(
        select(accounts.c.member_id, -sum_cents(postings.c.amount_cents))
        .join(postings, postings.c.account_id == accounts.c.id)
        .join(entries, entries.c.id == postings.c.entry_id)
        .where(accounts.c.chama_id == chama_id, accounts.c.kind.in_(MEMBER_SIDE),
               entries.c.kind == EntryKind.PAYMENT.value, entries.c.posted_at >= start, entries.c.posted_at < end)
        .group_by(accounts.c.member_id)).all())
    people = conn.execute(select(members.c.id, members.c.name, members.c.phone, memberships.c.role)
                          .join(memberships, memberships.c.member_id == members.c.id)
                          .where(memberships.c.chama_id == chama_id).order_by(memberships.c.join_seq)).all()
    return [{"member": p.name, "phone": p.phone, "role": p.role, "paid_in_month": paid.get(p.id, 0),
             "dues_owed": balances[p.id].get(AccountKind.DUES_RECEIVABLE.value, 0),
             "fines_owed": balances[p.id].get(AccountKind.FINES_RECEIVABLE.value, 0),
             "credit": -balances[p.id].get(AccountKind.MEMBER_CREDIT.value, 0),
             "payout_owed": -balances[p.id].get(AccountKind.PAYOUT_PAYABLE.value, 0)} for p in people]


def to_csv(lines: list[dict]) -> bytes:  # type: ignore[type-arg]
    """Amounts as KES with two decimals (a spreadsheet reads them as numbers)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow([line[c] if c in ("member", "phone", "role") else Money(line[c]).decimal_string()
                         for c in COLUMNS])
    return out.getvalue().encode("utf-8")

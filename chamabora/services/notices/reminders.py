"""Contribution reminders for a batch of chamas, computed in a few queries
and queued in bulk.

For each chama with a reminder day today (`core.reminders`), every active
member who has not sent STOP hears what is due for the coming cycle, their
arrears and unpaid fines, and the one message that pays it all. During the
quiet hours only members who asked for night reminders are reached and the
chama is not marked done, so the rest hear at the next run after 07:00.
A member is reminded at most once a day per chama: the outbox dedupe key
carries the chama, the member, the kind and the day.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Connection, func, select

from chamabora.core.allocation import DueKind
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.core.reminders import Owing, ReminderPlan, Upcoming, cycle_to_remind, in_quiet_hours
from chamabora.core.schedule import NAIROBI
from chamabora.db.tables import sum_cents
from chamabora.services.contributions.dues import cycles, dues
from chamabora.services.ledger.store import accounts, postings
from chamabora.services.records import ChamaRow, chama_row, chamas
from chamabora.services.notices import marks
from chamabora.services.notices.marks import among
from chamabora.services.notices.audience import Recipient, audience, route
from chamabora.outbox.bulk import Message, enqueue_many
from chamabora.i18n.reminders import contribution_reminder

KIND = "contribution-reminders"


def remind_contributions(conn: Connection, chama_ids: list[int], now: datetime, plan: ReminderPlan,
                         ussd: str | None = None) -> int:
    """Queue today's contribution reminders for these chamas; returns how many were new."""
    if not plan.is_open(now):
        return 0
    today, quiet = now.astimezone(NAIROBI).date(), in_quiet_hours(now)
    upcoming = due_soon(conn, chama_ids, today, plan)
    for chama_id in marks.done(conn, KIND, upcoming, today.isoformat()):
        del upcoming[chama_id]
    if not upcoming:
        return 0
    people = audience(conn, {c: u.seq for c, (_row, u) in upcoming.items()}, night_only=quiet)
    owed = Owed(conn, list(upcoming))
    messages = []
    for person in people:
        chama, cycle = upcoming[person.chama_id]
        owing = owed.of(person, chama, cycle)
        if owing.total.is_positive():
            messages.append(reminder(person, chama, cycle, owing, now, ussd))
    added = enqueue_many(conn, messages)
    if not quiet:
        marks.mark(conn, KIND, upcoming, today.isoformat())
    return len(added)


def due_soon(conn: Connection, chama_ids: list[int], today, plan: ReminderPlan):  # type: ignore[no-untyped-def]
    """{chama id: (chama, the cycle to remind about)} for chamas with a reminder day today."""
    found: dict[int, tuple[ChamaRow, Upcoming]] = {}
    for row in conn.execute(select(chamas).where(among(chamas.c.id, chama_ids))):
        chama = chama_row(row)
        upcoming = cycle_to_remind(chama.terms, today, plan)
        if upcoming is not None:
            found[chama.id] = (chama, upcoming)
    return found


class Owed:
    """Outstanding dues, opened cycles and credit for a batch of chamas, read once."""

    def __init__(self, conn: Connection, chama_ids: list[int]) -> None:
        self.dues: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        for ms_id, kind, seq, left in conn.execute(
                select(dues.c.membership_id, dues.c.kind, cycles.c.seq, dues.c.amount_cents - dues.c.paid_cents)
                .join(cycles, cycles.c.id == dues.c.cycle_id)
                .where(among(dues.c.chama_id, chama_ids), dues.c.paid_cents < dues.c.amount_cents)):
            self.dues[ms_id].append((kind, seq, left))
        self.opened = dict(conn.execute(select(cycles.c.chama_id, func.max(cycles.c.seq))
                                        .where(among(cycles.c.chama_id, chama_ids)).group_by(cycles.c.chama_id)).all())
        self.credit = {(chama_id, member_id): -total for chama_id, member_id, total in conn.execute(
            select(accounts.c.chama_id, accounts.c.member_id, sum_cents(postings.c.amount_cents))
            .join(postings, postings.c.account_id == accounts.c.id)
            .where(among(accounts.c.chama_id, chama_ids), accounts.c.kind == AccountKind.MEMBER_CREDIT.value)
            .group_by(accounts.c.chama_id, accounts.c.member_id)) if total}

    def of(self, person: Recipient, chama: ChamaRow, cycle: Upcoming) -> Owing:
        rows = self.dues.get(person.membership_id, [])
        arrears = sum(left for kind, seq, left in rows if kind == DueKind.CONTRIBUTION.value and seq < cycle.seq)
        fines = sum(left for kind, _seq, left in rows if kind == DueKind.FINE.value)
        if self.opened.get(chama.id, -1) >= cycle.seq:
            # the cycle is open: its due row says what is left (none left: paid), credit already applied
            this = sum(left for kind, seq, left in rows if kind == DueKind.CONTRIBUTION.value and seq == cycle.seq)
            return Owing(Money(this), Money(arrears), Money(fines))
        credit = self.credit.get((chama.id, person.member_id), 0)
        return Owing(chama.terms.contribution, Money(arrears), Money(fines), Money(max(credit, 0)))


def reminder(person: Recipient, chama: ChamaRow, cycle: Upcoming, owing: Owing, now: datetime,
             ussd: str | None) -> Message:
    today = now.astimezone(NAIROBI).date()
    pay = f"{owing.shillings} {chama.join_code}" if person.chamas > 1 else str(owing.shillings)
    body = contribution_reminder(person.language, chama.name, owing, f"{cycle.due_on:%d/%m/%Y}",
                                 cycle.days_left, pay, ussd)
    channel, recipient, extra = route(person)
    return Message(channel, recipient, body, f"remind:{chama.id}:{person.member_id}:contribution:{today}",
                   person.member_id, chama.id, payload={
                       **extra, "kind": "contribution", "cycle": cycle.seq, "total_cents": owing.total.cents,
                       "at": now.astimezone(NAIROBI).isoformat(timespec="minutes")})

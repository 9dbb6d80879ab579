"""Loan instalment reminders: on the same reminder days as contributions,
a borrower with an unpaid instalment of a disbursed loan hears what is due
and the one message that repays it. Same rules as every reminder: not
after STOP, not in the quiet hours unless asked, once a day per chama."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.core.reminders import ReminderPlan, in_quiet_hours
from chamabora.core.schedule import NAIROBI
from chamabora.db.loan_tables import Loan, LoanInstalment
from chamabora.services.records import chamas
from chamabora.services.notices.audience import audience, route
from chamabora.outbox.bulk import Message, enqueue_many
from chamabora.services.notices.marks import among
from chamabora.i18n.reminders import loan_reminder

loans = Loan.__table__
instalments = LoanInstalment.__table__
EVERYONE = 10**9   # a cycle number every member has joined by


def owed_instalments(conn: Connection, chama_ids: list[int], days: dict[object, int]):  # type: ignore[no-untyped-def]
    left = (instalments.c.principal_cents + instalments.c.interest_cents + instalments.c.penalty_cents
            - instalments.c.paid_principal_cents - instalments.c.paid_interest_cents
            - instalments.c.paid_penalty_cents)
    return conn.execute(select(loans.c.chama_id, loans.c.member_id, instalments.c.due_date, left.label("left"))
                        .join(loans, loans.c.id == instalments.c.loan_id)
                        .where(among(loans.c.chama_id, chama_ids), loans.c.status == "disbursed",
                               instalments.c.due_date.in_(list(days)), left > 0)
                        .order_by(instalments.c.due_date)).all()


def remind_loans(conn: Connection, chama_ids: list[int], now: datetime, plan: ReminderPlan) -> int:
    """Queue today's loan instalment reminders for these chamas; returns how many were new."""
    if not plan.is_open(now):
        return 0
    today = now.astimezone(NAIROBI).date()
    days = {today + timedelta(days=d): d for d in plan.days_before}
    # the soonest instalment per borrower and chama: one reminder a day
    due: dict[tuple[int, int], tuple[object, int]] = {}
    for chama_id, member_id, due_on, left in owed_instalments(conn, chama_ids, days):
        due.setdefault((chama_id, member_id), (due_on, left))
    if not due:
        return 0
    names = dict(conn.execute(select(chamas.c.id, chamas.c.name).where(
        chamas.c.id.in_({c for c, _m in due}))).all())
    people = audience(conn, {chama_id: EVERYONE for chama_id, _m in due}, night_only=in_quiet_hours(now))
    messages = []
    for person in people:
        if (person.chama_id, person.member_id) not in due:
            continue
        due_on, left = due[(person.chama_id, person.member_id)]
        amount = Money(left)
        body = loan_reminder(person.language, names[person.chama_id], amount, f"{due_on:%d/%m/%Y}",
                             days[due_on], str(-(-left // 100)))
        channel, recipient, extra = route(person)
        messages.append(Message(channel, recipient, body,
                                f"remind:{person.chama_id}:{person.member_id}:loan:{today}", person.member_id,
                                person.chama_id, payload={**extra, "kind": "loan", "total_cents": left,
                                                          "at": now.astimezone(NAIROBI).isoformat(timespec="minutes")}))
    return len(enqueue_many(conn, messages))

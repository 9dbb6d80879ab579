"""The scheduled jobs that are this package's own wiring of the rules:
reminders for a batch of chamas, one unit of work per batch, and the
expiry of held payment claims."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection

from ..fraud.decisions import expire_held_claims
from ..notify.loan_reminders import remind_loans
from ..notify.reminders import remind_contributions


def send_reminders(services, chama_ids: list[int], now: datetime) -> int:  # type: ignore[no-untyped-def]
    """Contribution and loan instalment reminders due at `now`; returns how many were queued."""
    notify = services.settings.notify
    plan = notify.plan

    def work(conn):  # type: ignore[no-untyped-def]
        return (remind_contributions(conn, chama_ids, now, plan, notify.ussd_code)
                + remind_loans(conn, chama_ids, now, plan))

    return services.run(work)  # type: ignore[no-any-return]


def expire_claims(conn: Connection, now: datetime) -> int:
    """Held claims past their date at `now` expire; returns how many."""
    # stored times are UTC, and SQLite compares them as text without their zone:
    # the firing's Nairobi time would expire claims three hours early there
    return expire_held_claims(conn, now.astimezone(timezone.utc))

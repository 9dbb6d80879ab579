"""The scheduled jobs that are this package's own wiring of the rules:
reminders for a batch of chamas, one unit of work per batch."""
from __future__ import annotations

from datetime import datetime

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

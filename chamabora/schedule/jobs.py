"""The scheduled jobs that are this package's own wiring of the rules:
reminders for a batch of chamas, one unit of work per batch, the expiry of
held payment claims, and the closing of votes whose date has passed."""
from __future__ import annotations

import logging
from datetime import date, datetime, timezone

from sqlalchemy import Connection

from chamabora.services.claims.decisions import expire_held_claims
from chamabora.services.notices.loan_reminders import remind_loans
from chamabora.services.notices.reminders import remind_contributions
from chamabora.services.payouts import payout_votes
from chamabora.services.savings import withdrawals
from chamabora.schedule.runner import FiringFailed

log = logging.getLogger(__name__)


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


def close_expired_votes(services, today: date) -> int:  # type: ignore[no-untyped-def]
    """Decide every withdrawal and payout vote whose closing date passed before `today`, and tell
    the members, instead of leaving it open until someone next acts on it. Each vote is its own
    unit of work; one that fails does not stop the rest, and the firing is retried for it."""
    with services.engine.connect() as conn:
        due = ([(withdrawals.close_vote, wid) for wid in withdrawals.expired_votes(conn, today)]
               + [(payout_votes.ratify, pid) for pid in payout_votes.expired_votes(conn, today)])
    failed = []
    for decide, ref in due:
        try:
            services.run(lambda conn, decide=decide, ref=ref: decide(conn, ref, today))
        except Exception as error:  # noqa: BLE001 - one vote's failure must not keep the others open
            log.exception("closing vote %s %s failed", decide.__module__, ref)
            failed.append(f"{ref}: {error}")
    if failed:
        raise FiringFailed(f"close-votes on {today}: {'; '.join(failed)[:500]}")
    return len(due)

"""The calendar, as data. Each entry has a stable id; every firing's RQ job
id is derived from it and the firing time (`clock.job_id`), so rescheduling,
a restart or a second scheduler never doubles a job. Times are Nairobi's.

An entry names its function by import path and the runner passes the
arguments the function asks for by name (`runner.py`), so the money rules'
own functions are scheduled as they are. `scope` says how it is called:
once; per batch of chama ids (`chama_ids`); or per chama, in its own unit of
work (`chama_id` and `conn`).
"""
from __future__ import annotations

from dataclasses import dataclass

ONCE, BATCHES, EACH_CHAMA = "once", "batches", "each_chama"


@dataclass(frozen=True, slots=True)
class Periodic:
    id: str
    cron: str          # minute hour day-of-month month day-of-week, Africa/Nairobi
    target: str        # "package.module:function"
    about: str
    scope: str = ONCE


ENTRIES: tuple[Periodic, ...] = (
    Periodic("close-cycles", "5 7 * * *", "chamabora.schedule.closing:close_due_cycles",
             "close every cycle whose grace has ended, fine the late, ask the treasurer to approve the payout",
             BATCHES),
    Periodic("contribution-reminders", "0 * * * *", "chamabora.schedule.jobs:send_reminders",
             "contribution and loan instalment reminders, from the reminder hour, outside quiet hours", BATCHES),
    Periodic("stk-reconcile", "*/5 * * * *", "chamabora.services.mpesa.reconcile:reconcile",
             "resolve STK prompts and B2C payouts whose callbacks never came"),
    Periodic("savings-interest", "30 0 1 * *", "chamabora.services.savings.accounts:credit_savings_interest",
             "credit last month's savings interest", EACH_CHAMA),
    Periodic("goal-reminders", "0 10 * * 1", "chamabora.services.savings.goals:send_goal_reminders",
             "weekly: what each saver must put by to reach their goal", EACH_CHAMA),
    Periodic("monthly-statements", "0 8 1 * *", "chamabora.services.notices.statements:email_statements",
             "email last month's statement with a CSV to chairs and treasurers who gave an address", BATCHES),
    Periodic("email-alerts", "*/10 * * * *", "chamabora.services.notices.alerts:email_alerts",
             "email officers about payments held for them and payouts that failed"),
    # the hold's deadline is only enforced here (a decision checks the claim is still held), so often
    Periodic("held-claim-expiry", "*/15 * * * *", "chamabora.schedule.jobs:expire_claims",
             "expire payment claims held past their date, and tell each member"),
    Periodic("claims-digest", "0 18 * * *", "chamabora.services.claims.digest:send_digest",
             "tell every treasurer and chair the payments counted from forwarded confirmations that nobody "
             "has confirmed yet, to APPROVE or REJECT each", BATCHES),
    Periodic("close-votes", "15 0 * * *", "chamabora.schedule.jobs:close_expired_votes",
             "decide withdrawal and payout votes whose closing date has passed, and tell the members"),
    Periodic("plan-notices", "0 9 * * *", "chamabora.services.savings.subscriptions:send_renewal_notices",
             "tell the chair before the trial or the paid plan ends, and once in grace", BATCHES),
)

BY_ID = {entry.id: entry for entry in ENTRIES}

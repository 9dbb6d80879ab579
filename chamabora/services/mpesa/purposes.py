"""What an STK payment is for, and how its money is booked once it arrives.

A prompt records its purpose when it is sent (`contribution` by default, or
`loan_repayment`, `saving`, `subscription` with their details: the list is
core.payment_gateway.PURPOSES); the callback
books the money through that purpose's own service, keyed on the M-Pesa
receipt, so each receipt lands once and in the right place.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.core.subscriptions import Plan
from chamabora.i18n.mpesa import GOAL_RECEIPT, LOAN_RECEIPT, LOAN_SETTLED_RECEIPT, PLAN_RECEIPT, SAVING_RECEIPT
from chamabora.services.savings import goals
from chamabora.services.lending import loan_repayments
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import subscriptions
from chamabora.services.labels import label
from chamabora.services.ledger.store import LedgerStore
from chamabora.services.contributions.payments import record_payment


@dataclass(frozen=True, slots=True)
class Booked:
    entry_id: int | None
    duplicate: bool
    receipt_msgid: str | None = None                 # None: the contribution receipt (with its split)
    values: dict[str, object] | None = None


def book(conn: Connection, request, amount: Money, key: str, paid_on: date, now: datetime, memo: str) -> Booked:  # type: ignore[no-untyped-def]
    details = json.loads(request.details or "{}")
    purpose = request.purpose or "contribution"
    if purpose == "loan_repayment":
        repaid = loan_repayments.repay_loan(conn, request.chama_id, request.member_id, amount, key, paid_on, now)
        left = sum((o.total for o in loan_repayments.owed_instalments(conn, repaid.loan_id)), Money(0))
        if repaid.to_savings.is_positive():  # paid more than was owed: say where the rest is
            return Booked(repaid.entry_id, repaid.duplicate, LOAN_SETTLED_RECEIPT,
                          {"loan": repaid.loan_id, "extra": repaid.to_savings})
        return Booked(repaid.entry_id, repaid.duplicate, LOAN_RECEIPT, {"loan": repaid.loan_id, "left": left})
    if purpose == "saving":
        if details.get("goal_id"):
            before = LedgerStore(conn, request.chama_id).key_exists(f"saving:{key}") is not None
            goal_id = int(details["goal_id"])
            goals.save_to_goal(conn, request.chama_id, request.member_id, goal_id, amount, key, paid_on, now)
            # a group goal's line is the member's own share of it
            mine = goals.goal_progress(conn, goal_id, paid_on, request.member_id)
            return Booked(None, before, GOAL_RECEIPT, {"goal": label(str(details.get("goal") or "")),
                                                       "saved": mine.saved, "target": mine.target})
        entry_id, duplicate = savings.record_saving(conn, request.chama_id, request.member_id, amount, key, now, memo)
        return Booked(entry_id, duplicate, SAVING_RECEIPT)
    if purpose == "subscription":
        paid_before = conn.execute(select(subscriptions.subscription_payments.c.id).where(
            subscriptions.subscription_payments.c.reference == key)).first() is not None
        state = subscriptions.record_renewal(conn, request.chama_id, Plan(details["plan"]), int(details["months"]),
                                             amount, key, paid_on)
        return Booked(None, paid_before, PLAN_RECEIPT, {"plan": state.plan.value.title(),
                                                        "until": f"{state.paid_until:%d/%m/%Y}"})
    payment = record_payment(conn, request.chama_id, request.member_id, amount, key, paid_on, memo=memo)
    return Booked(payment.entry_id, payment.duplicate, None,
                  {"dues": payment.to_contributions, "fines": payment.to_fines, "credit": payment.credit})

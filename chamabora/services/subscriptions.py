"""A chama's subscription: its trial, plan, paid-up date and grace, the
check the dispatcher makes (`plan_gate`), and renewal by an STK push to the
chair (the M-Pesa module calls `record_renewal` when the payment lands)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, insert, select, update

from ..core.chama import Role
from ..core.errors import ChamaError, InvalidInput
from ..core.money import Money
from ..core.subscriptions import (Feature, Plan, PlanState, gate, gate_members, renew, renewal_price,
                                  start_trial)
from ..db.loan_tables import Subscription, SubscriptionPayment
from ..outbox.store import Channel, Purpose, enqueue
from .notices import RENEWAL_ASKED, notify, officers
from .records import chamas, load_chama, members, memberships, record_audit, require_role
from .savings import nairobi_day

subscriptions = Subscription.__table__
subscription_payments = SubscriptionPayment.__table__


class PlanRequired(ChamaError):
    """Carries the plan that unlocks the refused feature, for the reply."""

    code = "plan_required"


def plan_state(conn: Connection, chama_id: int) -> PlanState:
    """The stored state; a chama without a row is on its trial from the day it was created."""
    row = conn.execute(select(subscriptions).where(subscriptions.c.chama_id == chama_id)).first()
    if row is None:
        created = conn.execute(select(chamas.c.created_at).where(chamas.c.id == chama_id)).scalar_one()
        return start_trial(nairobi_day(created))
    return PlanState(Plan(row.plan), row.paid_until, row.trial_ends)


def start_subscription(conn: Connection, chama_id: int, today: date) -> PlanState:
    """Begin the 30-day trial of the top plan (at chama creation); a second call changes nothing."""
    if conn.execute(select(subscriptions.c.chama_id).where(subscriptions.c.chama_id == chama_id)).first():
        return plan_state(conn, chama_id)
    state = start_trial(today)
    conn.execute(insert(subscriptions), {"chama_id": chama_id, "plan": state.plan.value,
                                         "paid_until": None, "trial_ends": state.trial_ends})
    return state


def plan_gate(conn: Connection, chama_id: int, feature: Feature, today: date) -> Plan | None:
    """None when the chama's plan today has `feature`, else the plan that unlocks it."""
    return gate(plan_state(conn, chama_id), feature, today)


def require_feature(conn: Connection, chama_id: int, feature: Feature, today: date) -> None:
    needed = plan_gate(conn, chama_id, feature, today)
    if needed is not None:
        raise PlanRequired("this needs a higher plan", plan=needed.value, feature=feature.value)


def member_gate(conn: Connection, chama_id: int, today: date) -> Plan | None:
    """None if one more member may join today; else the plan that allows it."""
    count = conn.execute(select(func.count()).select_from(memberships).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active")).scalar_one()
    return gate_members(plan_state(conn, chama_id), count + 1, today)


def request_renewal(conn: Connection, chama_id: int, actor_id: int | None, plan: Plan, months: int,
                    today: date) -> int | None:
    """Send the chair an STK push for the renewal; None when already asked today."""
    if actor_id is not None:
        require_role(conn, chama_id, actor_id, frozenset({Role.CHAIR}))
    if plan is Plan.FREE or not 1 <= months <= 12:
        raise InvalidInput("renew a paid plan for 1 to 12 months")
    chair = officers(conn, chama_id, ("chair",))[0]
    phone = conn.execute(select(members.c.phone).where(members.c.id == chair)).scalar_one()
    amount = renewal_price(plan, months)
    message_id = enqueue(conn, Channel.STK_PUSH, phone, purpose=Purpose.MONEY, member_id=chair, chama_id=chama_id,
                         dedupe_key=f"renewal:{chama_id}:{plan.value}:{months}:{today}",
                         payload={"purpose": "subscription", "amount_cents": amount.cents, "plan": plan.value,
                                  "months": months, "account_reference": f"SUB-{chama_id}"})
    if message_id is not None:
        start_subscription(conn, chama_id, today)
        conn.execute(update(subscriptions).where(subscriptions.c.chama_id == chama_id)
                     .values(renewal_requested_on=today))
        notify(conn, chair, RENEWAL_ASKED, chama_id, chama=load_chama(conn, chama_id).name,
               plan=plan.value.title(), months=months, amount=str(amount))
    return message_id


def record_renewal(conn: Connection, chama_id: int, plan: Plan, months: int, amount: Money, reference: str,
                   today: date) -> PlanState:
    """The renewal was paid (M-Pesa receipt `reference`); applying the same receipt twice changes nothing."""
    if conn.execute(select(subscription_payments.c.id).where(
            subscription_payments.c.reference == reference)).first():
        return plan_state(conn, chama_id)
    if amount < renewal_price(plan, months):
        raise InvalidInput("the payment does not cover the plan", code_hint="invalid_amount")
    start_subscription(conn, chama_id, today)
    state = renew(plan_state(conn, chama_id), plan, months, today)
    conn.execute(update(subscriptions).where(subscriptions.c.chama_id == chama_id).values(
        plan=state.plan.value, paid_until=state.paid_until, renewal_requested_on=None))
    conn.execute(insert(subscription_payments), {"chama_id": chama_id, "plan": plan.value, "months": months,
                                                 "amount_cents": amount.cents, "reference": reference,
                                                 "paid_on": today})
    record_audit(conn, "subscription.renewed", chama_id, None, plan=plan.value, months=months,
                 paid_until=state.paid_until)
    return state

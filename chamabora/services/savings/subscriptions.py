"""A chama's subscription: its trial, plan, paid-up date and grace, the
check the dispatcher makes (`plan_gate`), renewal by an STK push to the
chair (the M-Pesa module calls `record_renewal` when the payment lands), and
the chair's notices before the trial or the paid plan ends (a daily
scheduled job, `send_renewal_notices`)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, func, insert, select, update

from chamabora.core import account_reference
from chamabora.core.chama import Role
from chamabora.core.errors import ChamaError, InvalidInput
from chamabora.core.money import Money
from chamabora.core.subscriptions import (GRACE_DAYS, MONTHLY_PRICE, Feature, Plan, PlanState, Standing, gate,
                                  gate_members, renew, renewal_due, renewal_price, standing, start_trial)
from chamabora.db.loan_tables import Subscription, SubscriptionPayment
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.notices.money import PLAN_IN_GRACE, RENEWAL_ASKED, RENEWAL_DUE, TRIAL_ENDING, officers
from chamabora.services.notices.notify import notify
from chamabora.services.records import chamas, load_chama, members, memberships, record_audit, require_role
from chamabora.services.savings.accounts import nairobi_day

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
                                  "months": months, "account_reference": account_reference.subscription(chama_id)})
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


# one notice of each kind per period; the period is named by the day it ends
NOTICES = {Standing.TRIAL: TRIAL_ENDING, Standing.ACTIVE: RENEWAL_DUE, Standing.GRACE: PLAN_IN_GRACE}


def plan_states(conn: Connection, chama_ids: list[int]) -> dict[int, PlanState]:
    """`plan_state` for a batch of chamas in two queries."""
    states = {r.chama_id: PlanState(Plan(r.plan), r.paid_until, r.trial_ends) for r in conn.execute(
        select(subscriptions).where(subscriptions.c.chama_id.in_(chama_ids)))}
    missing = [chama_id for chama_id in chama_ids if chama_id not in states]
    for chama_id, created in conn.execute(select(chamas.c.id, chamas.c.created_at).where(chamas.c.id.in_(missing))):
        states[chama_id] = start_trial(nairobi_day(created))
    return states


def send_renewal_notices(conn: Connection, chama_ids: list[int], today: date) -> int:
    """Tell each chair whose trial or paid plan ends within the notice days, or is in grace; the
    dedupe key (chama, kind, end date) sends each notice once however often the job runs."""
    sent = 0
    for chama_id, state in plan_states(conn, chama_ids).items():
        if not renewal_due(state, today):
            continue
        kind = standing(state, today)
        ends = state.trial_ends if kind is Standing.TRIAL else state.paid_until
        chair = officers(conn, chama_id, ("chair",))
        if not chair or ends is None:
            continue
        # a trial is of every feature; Standard is the cheapest plan that keeps loans
        plan = Plan.STANDARD if kind is Standing.TRIAL else state.plan
        if notify(conn, chair[0], NOTICES[kind], chama_id, dedupe_key=f"plan-notice:{chama_id}:{kind}:{ends}",
                  chama=load_chama(conn, chama_id).name, plan=plan.value.title(), ends=f"{ends:%d/%m/%Y}",
                  grace=f"{ends + timedelta(days=GRACE_DAYS):%d/%m/%Y}", price=MONTHLY_PRICE[plan]) is not None:
            sent += 1
    return sent

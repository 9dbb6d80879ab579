"""Subscription plans per chama, the free trial, the grace period, and the gate.

Plans, lowest first: Free (up to 15 members, the core features), Standard
(adds loans, WhatsApp and fraud screening), Premium (unlimited members, bulk
payouts). A new chama gets a 30-day trial of the top plan. A paid plan runs
to `paid_until`; for `GRACE_DAYS` after that it keeps working while the chair
is asked to renew; then the chama falls back to Free (nothing is deleted).

`gate` is the one check the dispatcher makes before running a command: it
returns None when the chama's plan today includes the feature, or the lowest
plan that does (which the reply names, with how to upgrade).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, timedelta

from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money
from chamabora.core.schedule import add_months

TRIAL_DAYS = 30
GRACE_DAYS = 7
RENEWAL_NOTICE_DAYS = 5


class Plan(enum.StrEnum):
    FREE = "free"
    STANDARD = "standard"
    PREMIUM = "premium"

    @property
    def rank(self) -> int:
        return list(Plan).index(self)


class Feature(enum.StrEnum):
    CORE = "core"                      # contributions, payouts, fines, goals, statements
    LOANS = "loans"
    WHATSAPP = "whatsapp"
    FRAUD_SCREENING = "fraud_screening"
    BULK_PAYOUTS = "bulk_payouts"


class Standing(enum.StrEnum):
    TRIAL = "trial"
    ACTIVE = "active"
    GRACE = "grace"
    FREE = "free"


FEATURES: dict[Plan, frozenset[Feature]] = {
    Plan.FREE: frozenset({Feature.CORE}),
    Plan.STANDARD: frozenset({Feature.CORE, Feature.LOANS, Feature.WHATSAPP, Feature.FRAUD_SCREENING}),
    Plan.PREMIUM: frozenset(Feature),
}
MEMBER_LIMIT: dict[Plan, int | None] = {Plan.FREE: 15, Plan.STANDARD: 100, Plan.PREMIUM: None}
MONTHLY_PRICE: dict[Plan, Money] = {Plan.FREE: Money(0), Plan.STANDARD: Money.shillings(500),
                                    Plan.PREMIUM: Money.shillings(1500)}


@dataclass(frozen=True, slots=True)
class PlanState:
    plan: Plan = Plan.FREE           # the plan paid for
    paid_until: date | None = None   # last day covered by payment
    trial_ends: date | None = None   # last day of the trial


def start_trial(today: date) -> PlanState:
    return PlanState(Plan.FREE, None, today + timedelta(days=TRIAL_DAYS - 1))


def standing(state: PlanState, today: date) -> Standing:
    if state.plan is not Plan.FREE and state.paid_until is not None:
        if today <= state.paid_until:
            return Standing.ACTIVE
        if today <= state.paid_until + timedelta(days=GRACE_DAYS):
            return Standing.GRACE
    if state.trial_ends is not None and today <= state.trial_ends:
        return Standing.TRIAL
    return Standing.FREE


def effective_plan(state: PlanState, today: date) -> Plan:
    """The plan whose features the chama has today: the trial outranks any paid plan."""
    if state.trial_ends is not None and today <= state.trial_ends:
        return Plan.PREMIUM
    if standing(state, today) in (Standing.ACTIVE, Standing.GRACE):
        return state.plan
    return Plan.FREE


def required_plan(feature: Feature) -> Plan:
    return next(plan for plan in Plan if feature in FEATURES[plan])


def gate(state: PlanState, feature: Feature, today: date) -> Plan | None:
    """None if allowed today; otherwise the lowest plan that unlocks `feature`."""
    if feature in FEATURES[effective_plan(state, today)]:
        return None
    return required_plan(feature)


def plan_for_members(count: int) -> Plan:
    return next(p for p in Plan if MEMBER_LIMIT[p] is None or count <= MEMBER_LIMIT[p])  # type: ignore[operator]


def gate_members(state: PlanState, count: int, today: date) -> Plan | None:
    """None if the chama may have `count` members today; otherwise the plan that allows it."""
    needed = plan_for_members(count)
    return None if effective_plan(state, today).rank >= needed.rank else needed


def renew(state: PlanState, plan: Plan, months: int, today: date) -> PlanState:
    """Paid renewal: continues from the current paid-up date if still active or in grace."""
    if plan is Plan.FREE or months < 1:
        raise InvalidInput("renew a paid plan for at least a month")
    continuing = standing(state, today) in (Standing.ACTIVE, Standing.GRACE) and state.plan is plan
    start = state.paid_until if continuing and state.paid_until is not None else today - timedelta(days=1)
    return replace(state, plan=plan, paid_until=add_months(start, months))


def renewal_price(plan: Plan, months: int) -> Money:
    return MONTHLY_PRICE[plan] * months


def renewal_due(state: PlanState, today: date) -> bool:
    """Time to ask the chair to renew: a paid plan near its end or in grace, or a trial near its end."""
    ends = state.paid_until if standing(state, today) in (Standing.ACTIVE, Standing.GRACE) else state.trial_ends
    if ends is None or standing(state, today) is Standing.FREE:
        return False
    return today >= ends - timedelta(days=RENEWAL_NOTICE_DAYS)

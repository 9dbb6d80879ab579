"""Savings goals: personal ("School fees 20,000 by 31 Jan") and group goals
whose target is shared among members.

Progress is what has been saved against the target. "Per week to stay on
track" is what is left divided by the weeks left (a part week counts as a
week), rounded *up* to the cent so that saving that much every week always
reaches the target; on or after the deadline it is everything left.
A group goal's target is cut into member shares by largest remainder (equal
shares unless weights are given), so the shares always sum to the target.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money


@dataclass(frozen=True, slots=True)
class GoalProgress:
    target: Money
    saved: Money
    left: Money
    percent: int              # whole percent saved, rounded down, capped at 100
    per_week: Money           # to save each week from today to reach the target by the date
    weeks_left: int
    on_track: bool            # saved at least the straight-line amount for today
    complete: bool


def weeks_left(today: date, by: date) -> int:
    days = (by - today).days
    return max(-(-days // 7), 0)


def per_week_to_stay_on_track(target: Money, saved: Money, today: date, by: date) -> Money:
    left = max(target - saved, Money(0))
    weeks = weeks_left(today, by)
    if weeks == 0:
        return left
    return Money(-(-left.cents // weeks))


def expected_by(target: Money, created_on: date, by: date, today: date) -> Money:
    """The straight-line amount that should be saved by `today`."""
    span = (by - created_on).days
    if span <= 0 or today >= by:
        return target
    elapsed = min(max((today - created_on).days, 0), span)
    return Money(target.cents * elapsed // span)


def progress(target: Money, saved: Money, created_on: date, by: date, today: date) -> GoalProgress:
    if not target.is_positive():
        raise InvalidInput("a goal's target must be more than zero", code_hint="invalid_amount")
    left = max(target - saved, Money(0))
    percent = min(saved.cents * 100 // target.cents, 100) if saved.is_positive() else 0
    return GoalProgress(
        target=target, saved=saved, left=left, percent=percent,
        per_week=per_week_to_stay_on_track(target, saved, today, by),
        weeks_left=weeks_left(today, by),
        on_track=saved >= expected_by(target, created_on, by, today),
        complete=not left.is_positive())


def member_shares(target: Money, member_ids: list[int], weights: list[int] | None = None) -> dict[int, Money]:
    """Each member's share of a group goal; equal unless weighted; sums exactly to `target`."""
    if not member_ids or len(set(member_ids)) != len(member_ids):
        raise InvalidInput("a group goal needs distinct members")
    chosen = weights if weights is not None else [1] * len(member_ids)
    if len(chosen) != len(member_ids):
        raise InvalidInput("one weight per member")
    return dict(zip(member_ids, target.split(chosen)))


def check_goal(name: str, target: Money, by: date, today: date) -> None:
    if not name.strip():
        raise InvalidInput("a goal needs a name", code_hint="missing_name")
    if not target.is_positive():
        raise InvalidInput("a goal's target must be more than zero", code_hint="invalid_amount")
    if by <= today:
        raise InvalidInput("a goal's date must be in the future", code_hint="past_date")

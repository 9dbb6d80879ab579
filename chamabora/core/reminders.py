"""When a member is reminded, and what the reminder asks for.

A contribution reminder goes on chosen days before a cycle's due date (by
default two days before and on the day itself) at a humane local hour. One
day gives a member at most one reminder per chama: when two cycles qualify
(a daily chama), the one due soonest wins. Nobody is reminded during the
quiet hours, 21:00 to 07:00 in Nairobi, unless they asked to be.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from chamabora.core.chama import ChamaTerms
from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI, cycle_on, due_date

QUIET_FROM_HOUR = 21   # quiet hours start at 21:00...
QUIET_UNTIL_HOUR = 7   # ...and end at 07:00, Nairobi time


def in_quiet_hours(moment: datetime) -> bool:
    if moment.tzinfo is None:
        raise InvalidInput("a moment must carry its time zone")
    hour = moment.astimezone(NAIROBI).hour
    return hour >= QUIET_FROM_HOUR or hour < QUIET_UNTIL_HOUR


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    days_before: tuple[int, ...] = (2, 0)
    hour: int = 9   # local hour from which a day's reminders go out

    def __post_init__(self) -> None:
        if not self.days_before or any(not 0 <= d <= 30 for d in self.days_before):
            raise InvalidInput("reminder days must be between 0 and 30 days before the due date")
        if not QUIET_UNTIL_HOUR <= self.hour < QUIET_FROM_HOUR:
            raise InvalidInput("the reminder hour must be outside the quiet hours (07:00 to 20:59)")

    @classmethod
    def parse(cls, days: str, hour: int) -> ReminderPlan:
        try:
            numbers = tuple(sorted({int(part) for part in days.split(",") if part.strip()}))
        except ValueError as error:
            raise InvalidInput("reminder days are whole numbers separated by commas", value=days) from error
        return cls(numbers, hour)

    def is_open(self, moment: datetime) -> bool:
        """Whether a day's reminders may go out at `moment` (quiet hours are checked per member)."""
        return moment.astimezone(NAIROBI).hour >= self.hour


@dataclass(frozen=True, slots=True)
class Upcoming:
    seq: int          # the cycle the reminder is about
    due_on: date
    days_left: int    # 0: due today


def cycle_to_remind(terms: ChamaTerms, today: date, plan: ReminderPlan) -> Upcoming | None:
    """The cycle a reminder on `today` is about, or None when today is not a reminder day."""
    for days in sorted(plan.days_before):
        target = today + timedelta(days=days)
        if target < terms.anchor:
            continue
        seq = cycle_on(terms, target)
        if due_date(terms, seq) == target:
            return Upcoming(seq, target, days)
    return None


@dataclass(frozen=True, slots=True)
class Owing:
    """What a reminder names: this cycle's contribution, older arrears and unpaid fines, less credit."""

    this_cycle: Money
    arrears: Money
    fines: Money
    credit: Money = Money(0)
    total: Money = field(init=False)   # computed once: a reminder run builds hundreds of thousands

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", max(self.this_cycle + self.arrears + self.fines - self.credit, Money(0)))

    @property
    def shillings(self) -> int:
        """The whole shillings to send in one `PAY` (rounded up so it settles everything)."""
        return -(-self.total.cents // 100)

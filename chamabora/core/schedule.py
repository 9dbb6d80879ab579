"""When contributions fall due.

Every cycle is numbered from 0 at the chama's anchor date. Due dates are
always computed from the anchor, never by stepping from the previous cycle,
so a monthly chama anchored on the 31st is due on 28 Feb and again on 31 Mar.
A cycle is due at the end of its due day, Africa/Nairobi time; it is late only
after the grace days that follow.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from chamabora.core.chama import ChamaTerms, Frequency
from chamabora.core.errors import InvalidInput

NAIROBI = ZoneInfo("Africa/Nairobi")

_STEP_DAYS = {Frequency.DAILY: 1, Frequency.WEEKLY: 7, Frequency.BIWEEKLY: 14}


def today_in_nairobi(now: datetime | None = None) -> date:
    moment = now or datetime.now(NAIROBI)
    if moment.tzinfo is None:
        raise InvalidInput("a moment must carry its time zone")
    return moment.astimezone(NAIROBI).date()


def add_months(anchor: date, months: int) -> date:
    """The anchor's day-of-month `months` later, clamped to that month's end."""
    month_index = anchor.month - 1 + months
    year, month = anchor.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor.day, last))


def due_date(terms: ChamaTerms, seq: int) -> date:
    if seq < 0:
        raise InvalidInput("cycles are numbered from 0")
    if terms.frequency is Frequency.MONTHLY:
        return add_months(terms.anchor, seq)
    return terms.anchor + timedelta(days=_STEP_DAYS[terms.frequency] * seq)


def cycle_on(terms: ChamaTerms, day: date) -> int:
    """The cycle a payment on `day` belongs to: the first whose due date is not past."""
    if day <= terms.anchor:
        return 0
    if terms.frequency is Frequency.MONTHLY:
        months = (day.year - terms.anchor.year) * 12 + day.month - terms.anchor.month
        seq = max(months - 1, 0)
        while due_date(terms, seq) < day:
            seq += 1
        return seq
    step = _STEP_DAYS[terms.frequency]
    return -(-(day - terms.anchor).days // step)


def late_from(terms: ChamaTerms, seq: int) -> date:
    """The first day on which cycle `seq` counts as late."""
    return due_date(terms, seq) + timedelta(days=terms.grace_days + 1)


def days_late(terms: ChamaTerms, seq: int, today: date) -> int:
    """Whole days past the grace period; 0 when not (yet) late."""
    return max((today - late_from(terms, seq)).days + 1, 0)

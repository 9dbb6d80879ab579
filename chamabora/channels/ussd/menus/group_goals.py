"""A group goal on USSD (menu 7, 4, then 7 for the chair or treasurer): its
name, the target, the date, then the same `SetGroupGoal` command an SMS
`GROUP GOAL Land 100000 BY 31/12/2027` produces. No money moves, so no PIN."""
from __future__ import annotations

import re
from datetime import date

from chamabora.i18n.catalogs import _
from chamabora.core.commands import SetGroupGoal
from chamabora.core.money import Money
from chamabora.channels.ussd.machine import Hop, Screen, Step, menu
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import BAD_AMOUNT, finish, parse_amount

OFFICERS = ("chair", "treasurer")
NAME_LENGTH = 40
ASK_NAME = _("New group goal\nEnter its name, e.g. Land:")
BAD_NAME = _("Enter a name of letters, up to 40.")
ASK_TARGET = _("%(goal)s\nEnter the target in KES:")
ASK_DATE = _("%(goal)s, %(target)s\nBy when? Enter a date as DD/MM/YYYY:")
BAD_DATE = _("Enter a date after today as DD/MM/YYYY, e.g. 31/12/2027.")
DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")


def read_date(value: str, today: date) -> date | None:
    """Day first, as Kenyans write dates; only a real date after today."""
    found = DATE.fullmatch(value.strip())
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        when = date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None
    return when if when > today else None


@menu
class GroupGoalName:
    name = "group_goal_name"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_NAME))

    def take(self, hop: Hop, value: str) -> Step:
        clean = " ".join(value.split())
        if not clean or len(clean) > NAME_LENGTH or not any(ch.isalpha() for ch in clean):
            return Step(error=hop.t(BAD_NAME))
        hop.ctx["goal_name"] = clean
        return Step(goto="group_goal_target")


@menu
class GroupGoalTarget:
    name = "group_goal_target"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_TARGET, goal=hop.ctx.get("goal_name", "")))

    def take(self, hop: Hop, value: str) -> Step:
        amount = parse_amount(value)
        if amount is None:
            return Step(error=hop.t(BAD_AMOUNT))
        hop.ctx["goal_target"] = amount.cents
        return Step(goto="group_goal_date")


@menu
class GroupGoalDate:
    name = "group_goal_date"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_DATE, goal=hop.ctx.get("goal_name", ""), target=Money(hop.ctx.get("goal_target", 0))))

    def take(self, hop: Hop, value: str) -> Step:
        by = read_date(value, hop.turn.today)
        if by is None:
            return Step(error=hop.t(BAD_DATE))
        command = SetGroupGoal(hop.ctx["goal_name"], Money(hop.ctx["goal_target"]), by)
        return finish(hop, run_once(hop, command).text)

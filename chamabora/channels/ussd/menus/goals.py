"""Goals on USSD (menu 7, 4): the member's open goals (a group goal's
progress is their share of it), a new group goal for the chair or treasurer
(7, menus/group_goals.py), one goal's progress, and saving to it (amount,
PIN, then the same `Save` command an SMS `SAVE 500 School fees` produces,
which sends an M-Pesa prompt)."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.core.commands import Save
from chamabora.core.money import Money
from chamabora.services.savings import goals
from chamabora.channels.ussd.machine import MORE, Hop, Screen, Step, choose, menu, numbered, options, page_of
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import PinConfirm, amount_step, finish, focus, pin_step
from chamabora.channels.ussd.menus.group_goals import OFFICERS

GOAL_NAME = 20
YOUR_GOALS = _("Your goals:")
NO_GOALS = _("No goals yet. Send by SMS e.g. GOAL School fees 20000 BY 31/01/2027")
NEW_GROUP_GOAL = _("New group goal")
NEW = "7"  # after the four goals a screen lists
MORE_LABEL = _("More")
INVALID = _("Invalid choice.")
PROGRESS = _("%(goal)s: %(saved)s of %(target)s saved. Save %(per_week)s a week to stay on track.")
DONE = _("%(goal)s: %(saved)s of %(target)s saved. Goal reached!")
SAVE_TO_IT = _("Save to this goal")
ASK_AMOUNT = _("Save to %(goal)s\nEnter amount in KES:")
CONFIRM = _("Save %(amount)s to %(goal)s.\nEnter your PIN to confirm:")


def _mine(hop: Hop) -> list[tuple[str, str]]:
    chama, speaker = focus(hop), hop.turn.speaker
    if chama is None or speaker is None:
        return []
    return [(str(goal_id), name) for goal_id, name in goals.member_goals(hop.turn.conn, chama.id, speaker.id)]


def _short(name: str) -> str:
    return name if len(name) <= GOAL_NAME else name[:GOAL_NAME - 1].rstrip() + "."


def _chosen(hop: Hop) -> tuple[int, str] | None:
    picked = hop.ctx.get("goal")
    return next(((int(i), name) for i, name in _mine(hop) if i == picked), None)


@menu
class Goals:
    name, lists = "goals", True

    def show(self, hop: Hop) -> Screen:
        shown, more = page_of([(i, _short(n)) for i, n in _mine(hop)], hop.ctx.get("page", 0))
        extra = [(NEW, hop.t(NEW_GROUP_GOAL))] if _may_set_group_goals(hop) else []
        if not shown:
            return options(hop, hop.t(NO_GOALS), extra)
        return options(hop, hop.t(YOUR_GOALS),
                       numbered(shown) + extra + ([(MORE, hop.t(MORE_LABEL))] if more else []))

    def take(self, hop: Hop, value: str) -> Step:
        if value == NEW and _may_set_group_goals(hop):
            return Step(goto="group_goal_name")
        shown, _more = page_of(_mine(hop), hop.ctx.get("page", 0))
        picked = choose(shown, value)
        if picked is None:
            return Step(error=hop.t(INVALID))
        hop.ctx["goal"] = picked
        return Step(goto="goal")


def _may_set_group_goals(hop: Hop) -> bool:
    chama = focus(hop)
    return chama is not None and chama.role in OFFICERS


@menu
class GoalProgress:
    name = "goal"

    def show(self, hop: Hop) -> Screen:
        chosen, speaker = _chosen(hop), hop.turn.speaker
        if chosen is None or speaker is None:
            return options(hop, hop.t(INVALID), [])
        status = goals.goal_progress(hop.turn.conn, chosen[0], hop.turn.today, speaker.id)
        values = {"goal": _short(chosen[1]), "saved": status.saved, "target": status.target}
        if status.complete:
            return options(hop, hop.t(DONE, **values), [("1", hop.t(SAVE_TO_IT))])
        text = hop.t(PROGRESS, per_week=status.per_week, **values)
        return options(hop, text, [("1", hop.t(SAVE_TO_IT))])

    def take(self, hop: Hop, value: str) -> Step:
        return Step(goto="goal_amount") if value == "1" and _chosen(hop) else Step(error=hop.t(INVALID))


@menu
class GoalAmount:
    name = "goal_amount"

    def show(self, hop: Hop) -> Screen:
        chosen = _chosen(hop)
        return Screen(hop.t(ASK_AMOUNT, goal=_short(chosen[1]) if chosen else ""))

    def take(self, hop: Hop, value: str) -> Step:
        return amount_step(hop, value, None, "", "goal_pin")


@menu
class GoalPin(PinConfirm):
    name = "goal_pin"

    def show(self, hop: Hop) -> Screen:
        chosen = _chosen(hop)
        return Screen(hop.t(CONFIRM, amount=Money(hop.ctx["amount"]), goal=_short(chosen[1]) if chosen else ""))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        chosen = _chosen(hop)
        if chosen is None or focus(hop) is None:
            return finish(hop, hop.t(INVALID))
        return finish(hop, run_once(hop, Save(Money(hop.ctx["amount"]), chosen[1])).text)

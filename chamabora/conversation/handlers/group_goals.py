"""Goals for the whole chama from a phone: an officer's `GROUP GOAL Land
100000 BY 31/12/2027` (`LENGO LA KIKUNDI ...`), shared equally among the
members, who are each told their share; and everyone's `GOALS` / `MALENGO`,
their own goals and the chama's with progress. Saving towards either is
`SAVE 500 <name>`, by M-Pesa."""
from __future__ import annotations

from chamabora.core.commands import ListGoals, SetGroupGoal
from chamabora.core.errors import InvalidInput
from chamabora.services.savings import goals
from chamabora.services.labels import label
from chamabora.services.notices.notify import notify
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.officers import GROUP_GOAL_PAST, GROUP_GOAL_SET, GROUP_GOAL_TAKEN
from chamabora.i18n.members import (GOALS_GROUP, GOALS_GROUP_ONLY, GOALS_HEAD, GOALS_HOW, GOALS_MORE, GOALS_NONE,
                                    GOALS_OWN, GROUP_GOAL_TOLD)
from chamabora.conversation.messages import Reply
from chamabora.conversation.pages import pack, page_of
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.officers import shillings
from chamabora.conversation.handlers.people import require_speaker


@handles(SetGroupGoal)
def set_group_goal(turn: Turn, command: SetGroupGoal) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(None)
    if choice.role not in ("chair", "treasurer"):
        return Reply(only(turn, choice, ("chair", "treasurer")))
    try:
        goal_id = goals.create_group_goal(turn.conn, choice.id, speaker.id, command.name, command.target, command.by,
                                          turn.today)
    except InvalidInput as refused:
        if refused.details.get("code_hint") == "past_date":
            return Reply(turn.t(GROUP_GOAL_PAST))
        if refused.details.get("code_hint") == "duplicate_goal":
            return Reply(turn.t(GROUP_GOAL_TAKEN, chama=turn.label(choice.name), goal=label(command.name)))
        raise
    shares = goals.shares_of(turn.conn, goal_id)
    values = {"goal": label(command.name), "target": command.target, "by": f"{command.by:%d/%m/%Y}"}
    for member_id, share in shares.items():
        if member_id != speaker.id:
            notify(turn.conn, member_id, GROUP_GOAL_TOLD, choice.id,
                   dedupe_key=f"group-goal:{goal_id}:{member_id}",
                   chama=label(choice.name), share=str(share), **values)
    return Reply(turn.t(GROUP_GOAL_SET, share=max(shares.values()), count=len(shares), **values))


@handles(ListGoals, reads_only=True)
def list_goals(turn: Turn, command: ListGoals) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    lines = goal_lines(turn, choice.id, speaker.id)
    if not lines:
        return Reply(turn.t(GOALS_NONE, chama=turn.label(choice.name)))
    head = turn.t(GOALS_HEAD, chama=turn.label(choice.name))
    pages = pack(head, [*lines, turn.t(GOALS_HOW)], lambda n: turn.t(GOALS_MORE, next=n))
    return Reply(page_of(pages, command.page))


def goal_lines(turn: Turn, chama_id: int, member_id: int) -> list[str]:
    shared = dict(goals.group_goals(turn.conn, chama_id))
    mine = goals.member_goals(turn.conn, chama_id, member_id)
    lines = []
    for goal_id, name in mine:
        if goal_id in shared:
            continue
        status = goals.goal_progress(turn.conn, goal_id, turn.today)
        lines.append(turn.t(GOALS_OWN, goal=name, saved=shillings(status.saved),
                            target=shillings(status.target), percent=status.percent))
    in_share = {goal_id for goal_id, _name in mine}
    for goal_id, name in shared.items():
        whole = goals.goal_progress(turn.conn, goal_id, turn.today)
        values = {"goal": name, "saved": shillings(whole.saved), "target": shillings(whole.target)}
        if goal_id not in in_share:
            lines.append(turn.t(GOALS_GROUP_ONLY, **values))
            continue
        part = goals.goal_progress(turn.conn, goal_id, turn.today, member_id)
        lines.append(turn.t(GOALS_GROUP, mine=shillings(part.saved), share=shillings(part.target), **values))
    return lines


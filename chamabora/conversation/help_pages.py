"""What `HELP` / `MSAADA` lists: the commands this member can use, by their
role in the chama and its plan, one SMS per page ("HELP 2" for the next).

Each page is a msgid (in i18n/members.py, the officers' in i18n/officers.py)
whose Swahili names the Swahili keywords, so a member reads the commands in
the words they write. A refused command's reply names
who can do it (refusals.py); this list only offers what will work.
"""
from __future__ import annotations

from chamabora.core.chama import Role
from chamabora.core.subscriptions import Feature
from chamabora.services.savings import subscriptions
from chamabora.i18n.members import (HELP_LOANS, HELP_MEMBER, HELP_MEMBER_MORE, HELP_MORE, HELP_NEWCOMER, HELP_NO_CHAMA,
                                    HELP_NO_LOANS)
from chamabora.i18n.officers import HELP_CHAIR, HELP_CHAIR_MORE, HELP_OFFICERS, HELP_SECRETARY, HELP_TREASURER
from chamabora.conversation.turn import Turn


def pages(turn: Turn) -> list[str]:
    """Each page's text in the member's language, without the 'more' line."""
    if turn.speaker is None:
        return [turn.t(HELP_NEWCOMER)]
    mine = turn.my_chamas()
    if not mine:
        return [turn.t(HELP_NO_CHAMA)]
    found = [turn.t(HELP_MEMBER), _loans_page(turn, [c.id for c in mine]), turn.t(HELP_MEMBER_MORE)]
    roles = {c.role for c in mine}
    if roles & {Role.CHAIR.value, Role.TREASURER.value}:
        found.append(turn.t(HELP_OFFICERS))
    elif Role.SECRETARY.value in roles:
        found.append(turn.t(HELP_SECRETARY))
    if Role.CHAIR.value in roles:
        found += [turn.t(HELP_CHAIR), turn.t(HELP_CHAIR_MORE)]
    elif Role.TREASURER.value in roles:
        found.append(turn.t(HELP_TREASURER))
    return found


def _loans_page(turn: Turn, chama_ids: list[int]) -> str:
    needed = [subscriptions.plan_gate(turn.conn, chama_id, Feature.LOANS, turn.today) for chama_id in chama_ids]
    if any(plan is None for plan in needed):
        return turn.t(HELP_LOANS)
    return turn.t(HELP_NO_LOANS, plan=needed[0].value.title())  # type: ignore[union-attr]


def page(turn: Turn, number: int) -> str:
    found = pages(turn)
    number = min(max(number, 1), len(found))
    text = found[number - 1]
    return text if number == len(found) else f"{text} {turn.t(HELP_MORE, next=number + 1)}"

"""Replies for a command this member's role does not allow: they name who
can do it (the officers by name), so the member knows whom to ask."""
from __future__ import annotations

from chamabora.services import records
from chamabora.i18n.members import NO_OFFICER_YET, ONLY_ANY_OFFICER, ONLY_CHAIR, ONLY_OFFICERS
from chamabora.conversation.turn import Turn
from chamabora.services.people.speakers import ChamaChoice

NAMES_SHOWN = 2


def officer_names(turn: Turn, chama_id: int, roles: tuple[str, ...]) -> str:
    names = records.officer_names(turn.conn, chama_id, roles, NAMES_SHOWN)
    return ", ".join(name[:20] for name in names) or turn.t(NO_OFFICER_YET)


def only(turn: Turn, choice: ChamaChoice, roles: tuple[str, ...]) -> str:
    msgid = ONLY_CHAIR if roles == ("chair",) else ONLY_OFFICERS if roles == ("chair", "treasurer") \
        else ONLY_ANY_OFFICER
    return turn.t(msgid, chama=turn.label(choice.name), names=officer_names(turn, choice.id, roles))

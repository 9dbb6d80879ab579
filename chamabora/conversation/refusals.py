"""Replies for a command this member's role does not allow: they name who
can do it (the officers by name), so the member knows whom to ask."""
from __future__ import annotations

from chamabora.services import records
from chamabora.i18n.catalogs import _
from chamabora.conversation.turn import Turn
from chamabora.services.speakers import ChamaChoice

ONLY_CHAIR = _("Only the chair of %(chama)s (%(names)s) can do that. Send HELP to see what you can do.")
ONLY_OFFICERS = _("Only the chair or treasurer of %(chama)s (%(names)s) can do that. Send HELP to see what "
                  "you can do.")
ONLY_ANY_OFFICER = _("Only the officers of %(chama)s (%(names)s) can see that. Send HELP to see what you can do.")
NOBODY = _("nobody yet")
NAMES_SHOWN = 2


def officer_names(turn: Turn, chama_id: int, roles: tuple[str, ...]) -> str:
    names = records.officer_names(turn.conn, chama_id, roles, NAMES_SHOWN)
    return ", ".join(name[:20] for name in names) or turn.t(NOBODY)


def only(turn: Turn, choice: ChamaChoice, roles: tuple[str, ...]) -> str:
    msgid = ONLY_CHAIR if roles == ("chair",) else ONLY_OFFICERS if roles == ("chair", "treasurer") \
        else ONLY_ANY_OFFICER
    return turn.t(msgid, chama=turn.label(choice.name), names=officer_names(turn, choice.id, roles))

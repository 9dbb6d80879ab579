"""The short menu a greeting ("Hi", "Habari") gets: what this person can send next."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.conversation.turn import Turn

STRANGER = _("Karibu Chamabora! Send REGISTER and your name, e.g. REGISTER Jane Wanjiru. Then JOIN and your "
             "chama's code, or CREATE CHAMA Umoja 500 MONTHLY.")
NO_CHAMA = _("Hi %(name)s! Send JOIN and your chama's code, e.g. JOIN UMOJA, or start one: CREATE CHAMA Umoja "
             "500 MONTHLY. HELP lists more.")
ONE_CHAMA = _("Hi %(name)s! %(chama)s: send PAY 500, BAL, STATEMENT or NEXT (whose turn). HELP lists more.")
MANY_CHAMAS = _("Hi %(name)s! Add the chama's code: BAL %(code)s, PAY 500 %(code)s, STATEMENT %(code)s. "
                "HELP lists more.")


def welcome(turn: Turn) -> str:
    if turn.speaker is None:
        return turn.t(STRANGER)
    name = turn.speaker.name.split()[0] if turn.speaker.name.split() else turn.speaker.name
    mine = turn.my_chamas()
    if not mine:
        return turn.t(NO_CHAMA, name=name)
    if len(mine) == 1:
        return turn.t(ONE_CHAMA, name=name, chama=turn.label(mine[0].name))
    return turn.t(MANY_CHAMAS, name=name, code=mine[0].code)

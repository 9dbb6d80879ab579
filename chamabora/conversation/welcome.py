"""The short menu a greeting ("Hi", "Habari") gets: what this person can send next."""
from __future__ import annotations

from chamabora.i18n.members import WELCOME_MANY_CHAMAS, WELCOME_NO_CHAMA, WELCOME_ONE_CHAMA, WELCOME_STRANGER
from chamabora.conversation.turn import Turn


def welcome(turn: Turn) -> str:
    if turn.speaker is None:
        return turn.t(WELCOME_STRANGER)
    name = turn.speaker.name.split()[0] if turn.speaker.name.split() else turn.speaker.name
    mine = turn.my_chamas()
    if not mine:
        return turn.t(WELCOME_NO_CHAMA, name=name)
    if len(mine) == 1:
        return turn.t(WELCOME_ONE_CHAMA, name=name, chama=turn.label(mine[0].name))
    return turn.t(WELCOME_MANY_CHAMAS, name=name, code=mine[0].code)

"""Handlers for the member's own settings: language, help, notifications."""
from __future__ import annotations

from chamabora.core.commands import Help, OptIn, OptOut, SetLanguage
from chamabora.services.people import speakers
from chamabora.conversation import help_pages
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.members import HELP_TOPICS
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker
from chamabora.i18n.members import LANGUAGE_SET, NOTICES_OFF, NOTICES_ON


@handles(SetLanguage)
def set_language(turn: Turn, command: SetLanguage) -> Reply:
    require_speaker(turn)
    turn.set_language(command.language.value)
    return Reply(turn.t(LANGUAGE_SET))


@handles(Help)
def show_help(turn: Turn, command: Help) -> Reply:
    if command.topic in HELP_TOPICS:
        return Reply(turn.t(HELP_TOPICS[command.topic]))  # type: ignore[index]
    return Reply(help_pages.page(turn, command.page))


def _opt(turn: Turn, out: bool) -> None:
    speaker = require_speaker(turn)
    speakers.set_notices(turn.conn, speaker.id, on=not out)


@handles(OptOut)
def opt_out(turn: Turn, command: OptOut) -> Reply:
    _opt(turn, True)
    return Reply(turn.t(NOTICES_OFF))


@handles(OptIn)
def opt_in(turn: Turn, command: OptIn) -> Reply:
    _opt(turn, False)
    return Reply(turn.t(NOTICES_ON))

"""Handlers for the member's own settings: language, help, notifications."""
from __future__ import annotations

from chamabora.core.commands import Help, OptIn, OptOut, SetLanguage
from chamabora.services import speakers
from chamabora.conversation import help_pages
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import _
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker

TOPICS = {
    "pay": _("PAY 500 sends an M-Pesa prompt to your phone for your chama. Add the code if you have several: PAY 500 UMOJA."),
    "check_balance": _("BAL shows what you have paid, what you owe and any fines."),
    "join_chama": _("JOIN and the chama's code, e.g. JOIN UMOJA. Ask your chair for the code."),
    "register": _("REGISTER and your name, e.g. REGISTER Jane Wanjiru."),
    "request_loan": _("LOAN 5000 6 MONTHS asks your chama for a loan. Above your limit, name members to "
                      "guarantee it: LOAN 20000 6 MONTHS GUARANTORS 0712345678."),
}


@handles(SetLanguage)
def set_language(turn: Turn, command: SetLanguage) -> Reply:
    require_speaker(turn)
    turn.set_language(command.language.value)
    return Reply(turn.t(_("Language set to English.")))


@handles(Help)
def show_help(turn: Turn, command: Help) -> Reply:
    if command.topic in TOPICS:
        return Reply(turn.t(TOPICS[command.topic]))  # type: ignore[index]
    return Reply(help_pages.page(turn, command.page))


def _opt(turn: Turn, out: bool) -> None:
    speaker = require_speaker(turn)
    speakers.set_notices(turn.conn, speaker.id, on=not out)


@handles(OptOut)
def opt_out(turn: Turn, command: OptOut) -> Reply:
    _opt(turn, True)
    return Reply(turn.t(_("You will get no more reminders or notices. Replies to your own messages still come. "
                          "Send START to turn them back on.")))


@handles(OptIn)
def opt_in(turn: Turn, command: OptIn) -> Reply:
    _opt(turn, False)
    return Reply(turn.t(_("Reminders and notices are back on. Send STOP to turn them off.")))

"""The main menu, and where a session starts."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.conversation.handlers.officers import OFFICERS
from chamabora.channels.ussd.machine import Hop, Screen, Step, menu, options
from chamabora.channels.ussd.menus.common import focus

INVALID = _("Invalid choice.")


def root_menu(hop: Hop) -> str:
    return "main" if hop.turn.speaker is not None else "register_language"


def main_items(hop: Hop) -> list[tuple[str, str, str]]:
    """(key, label, next menu) for what this member can do here."""
    chama = focus(hop)
    if chama is None:
        return [("1", hop.t(_("Join a chama")), "join_code"), ("2", hop.t(_("Create a chama")), "create_name"),
                ("9", hop.t(_("Settings")), "settings")]
    items = [("1", hop.t(_("Contribute")), "contribute_amount"), ("2", hop.t(_("Balance")), "balance"),
             ("3", hop.t(_("Statement")), "statement"), ("4", hop.t(_("Next payout")), "next_turn"),
             ("5", hop.t(_("Fines")), "fines"), ("6", hop.t(_("My chamas")), "chamas"),
             ("7", hop.t(_("Loans & goals")), "loans")]
    if chama.role in OFFICERS:
        items.append(("8", hop.t(_("Officers")), "officers"))
    items.append(("9", hop.t(_("Settings")), "settings"))
    return items


@menu
class Main:
    name = "main"
    reads_only = True  # its inputs only lead to other screens

    def show(self, hop: Hop) -> Screen:
        chama = focus(hop)
        title = hop.turn.label(chama.name) if chama else "Chamabora"
        notice = hop.ctx.pop("notice", None)
        if notice:
            # the notice names what changed; the title would crowd the screen
            title = notice
        return options(hop, title, [(k, label) for k, label, _next in main_items(hop)], nav=False)

    def take(self, hop: Hop, value: str) -> Step:
        for key, _label, target in main_items(hop):
            if value == key:
                return Step(goto=target)
        return Step(error=hop.t(INVALID))

"""Screens that only show something: balance, statement, next payout, fines.
Each runs the same command the SMS grammar produces."""
from __future__ import annotations

from chamabora.conversation.engine import run_command
from chamabora.i18n.catalogs import _
from chamabora.core.commands import CheckBalance, ListFines, NextTurn, RequestStatement
from chamabora.channels.ussd.machine import NAV, Hop, Screen, Step, menu
from chamabora.channels.ussd.menus.common import focus

ONLY_NAV = _("Choose 0 to go back or 00 for the menu.\n0 Back 00 Menu")


class InfoMenu:
    name = ""
    command: type = CheckBalance
    reads_only = True  # read-only commands, and any input only says how to leave

    def text(self, hop: Hop) -> str:
        # read-only commands: safe to run again whenever the screen is shown
        chama = focus(hop)
        return run_command(hop.turn, self.command(chama.code if chama else None)).text

    def show(self, hop: Hop) -> Screen:
        return Screen(self.text(hop) + "\n" + hop.t(NAV))

    def take(self, hop: Hop, value: str) -> Step:
        return Step(screen=Screen(hop.t(ONLY_NAV)))


@menu
class Balance(InfoMenu):
    name, command = "balance", CheckBalance


@menu
class Statement(InfoMenu):
    """Five entries a page, newest first; 98 shows older ones."""

    name, command, lists = "statement", RequestStatement, True

    def text(self, hop: Hop) -> str:
        chama = focus(hop)
        return run_command(hop.turn, RequestStatement(chama.code if chama else None, hop.ctx.get("page", 0))).text


@menu
class Next(InfoMenu):
    name, command = "next_turn", NextTurn


@menu
class Fines(InfoMenu):
    name, command = "fines", ListFines


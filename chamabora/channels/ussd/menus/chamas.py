"""My chamas (switch between them), joining by code and creating a chama."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.core.chama import Frequency
from chamabora.core.commands import CreateChama, JoinChama
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.channels.ussd.machine import MORE, Hop, Screen, Step, choose, menu, numbered, options, page_of
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import BAD_AMOUNT, finish, parse_amount

YOUR_CHAMAS = _("Your chamas:")
JOIN = _("Join a chama")
CREATE = _("Create a chama")
MORE_LABEL = _("More")
NOW_IN = _("Now in %(chama)s")
ASK_CODE = _("Enter the chama's code (ask your chair):")
BAD_CODE = _("A code is 3 to 12 letters or digits.")
ASK_NAME = _("Name of the new chama:")
BAD_NAME = _("A chama name is 2 to 60 characters.")
ASK_AMOUNT = _("Contribution per member, in KES:")
ASK_FREQUENCY = _("How often?")
FREQUENCIES = [(Frequency.WEEKLY, _("Weekly")), (Frequency.MONTHLY, _("Monthly")),
               (Frequency.DAILY, _("Daily")), (Frequency.BIWEEKLY, _("Every 2 weeks"))]
INVALID = _("Invalid choice.")
PER_PAGE = 3  # with the codes shown, three chamas and the join/create/more lines fill a screen


@menu
class Chamas:
    name, lists = "chamas", True
    reads_only = True  # its inputs only lead to other screens

    def items(self, hop: Hop) -> list[tuple[str, str]]:
        # the code beside the name: it is what a member types in SMS commands and gives to people joining
        return [(c.code, f"{hop.turn.label(c.name)} {c.code}") for c in hop.turn.my_chamas()]

    def show(self, hop: Hop) -> Screen:
        shown, more = page_of(self.items(hop), hop.ctx.get("page", 0), size=PER_PAGE)
        extra = [("8", hop.t(JOIN)), ("9", hop.t(CREATE))] + ([(MORE, hop.t(MORE_LABEL))] if more else [])
        return options(hop, hop.t(YOUR_CHAMAS), numbered(shown) + extra)

    def take(self, hop: Hop, value: str) -> Step:
        if value == "8":
            return Step(goto="join_code")
        if value == "9":
            return Step(goto="create_name")
        shown, _more = page_of(self.items(hop), hop.ctx.get("page", 0), size=PER_PAGE)
        picked = choose(shown, value)
        if picked is None:
            return Step(error=hop.t(INVALID))
        hop.state["chama"] = picked
        chosen = next(c for c in hop.turn.my_chamas() if c.code == picked)
        hop.ctx["notice"] = hop.t(NOW_IN, chama=hop.turn.label(chosen.name))
        return Step(home=True)


@menu
class JoinCode:
    name = "join_code"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(ASK_CODE), [])

    def take(self, hop: Hop, value: str) -> Step:
        code = "".join(ch for ch in value.upper() if ch.isalnum())
        if not 3 <= len(code) <= 12:
            return Step(error=hop.t(BAD_CODE))
        reply = run_once(hop, JoinChama(code)).text
        if not any(choice.code == code for choice in hop.turn.my_chamas()):
            return Step(error=reply)  # a wrong code is asked again, not the end of the session
        return finish(hop, reply)


@menu
class CreateName:
    name = "create_name"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(ASK_NAME), [])

    def take(self, hop: Hop, value: str) -> Step:
        clean = " ".join(value.split())
        if not 2 <= len(clean) <= 60:
            return Step(error=hop.t(BAD_NAME))
        hop.ctx["new_name"] = clean
        return Step(goto="create_amount")


@menu
class CreateAmount:
    name = "create_amount"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(ASK_AMOUNT), [])

    def take(self, hop: Hop, value: str) -> Step:
        amount = parse_amount(value)
        if amount is None:
            return Step(error=hop.t(BAD_AMOUNT))
        hop.ctx["new_amount"] = amount.cents
        return Step(goto="create_frequency")


@menu
class CreateFrequency:
    name = "create_frequency"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(ASK_FREQUENCY), [(str(i + 1), hop.t(label))
                                                    for i, (_f, label) in enumerate(FREQUENCIES)])

    def take(self, hop: Hop, value: str) -> Step:
        if value not in {"1", "2", "3", "4"}:
            return Step(error=hop.t(INVALID))
        try:
            command = CreateChama(hop.ctx["new_name"], Money(hop.ctx["new_amount"]), FREQUENCIES[int(value) - 1][0])
        except ChamaError:
            return Step(error=hop.t(BAD_NAME))
        return finish(hop, run_once(hop, command).text)

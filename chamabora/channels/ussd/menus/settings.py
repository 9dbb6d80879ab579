"""Settings: language, PIN, and inviting a member (chair)."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.core.chama import Language, Role
from chamabora.core.commands import Invite, SetLanguage
from chamabora.core.errors import ChamaError
from chamabora.core.phone import normalize_phone
from chamabora.services.people.pins import has_pin, set_pin
from chamabora.channels.ussd.machine import Hop, Screen, Step, menu, options
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import ChoosePin, ConfirmPin, finish, focus, pin_step
from chamabora.channels.ussd.menus.savings import SHARE_OUT

SETTINGS = _("Settings")
LANGUAGE = _("Language")
CHANGE_PIN = _("Change PIN")
INVITE = _("Invite a member")
RULES = _("Chama rules")
INVALID = _("Invalid choice.")
ASK_OLD_PIN = _("Enter your current PIN:")
ASK_NEW_PIN = _("Choose a new 4-digit PIN:")
ASK_NEW_PIN_AGAIN = _("Enter the new PIN again:")
PIN_CHANGED = _("Your PIN is set.")
ASK_PHONE = _("Phone number to invite:")
BAD_PHONE = _("Use a Kenyan number like 0712345678.")


def is_chair(hop: Hop) -> bool:
    chama = focus(hop)
    return chama is not None and chama.role == Role.CHAIR.value


@menu
class Settings:
    name = "settings"
    reads_only = True  # its inputs only lead to other screens

    def items(self, hop: Hop) -> list[tuple[str, str, str]]:
        items = [("1", hop.t(LANGUAGE), "language"), ("2", hop.t(CHANGE_PIN), "change_pin_old")]
        items += [("3", hop.t(INVITE), "invite_phone")] if is_chair(hop) else []
        items += [("4", hop.t(RULES), "rules")] if focus(hop) is not None else []
        return items + ([("5", hop.t(SHARE_OUT), "share_out_pin")] if is_chair(hop) else [])

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(SETTINGS), [(k, label) for k, label, _t in self.items(hop)])

    def take(self, hop: Hop, value: str) -> Step:
        for key, _label, target in self.items(hop):
            if key == value:
                return Step(goto=target)
        return Step(error=hop.t(INVALID))


@menu
class LanguageMenu:
    name = "language"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(LANGUAGE), [("1", "English"), ("2", "Kiswahili")])

    def take(self, hop: Hop, value: str) -> Step:
        if value not in ("1", "2"):
            return Step(error=hop.t(INVALID))
        reply = run_once(hop, SetLanguage(Language.EN if value == "1" else Language.SW))
        hop.ctx["notice"] = reply.text
        return Step(home=True)


@menu
class ChangePinOld:
    name, secret = "change_pin_old", True

    def arrive(self, hop: Hop) -> str | None:
        # nobody is asked for a current PIN they never chose
        speaker = hop.turn.speaker
        return None if speaker is None or has_pin(hop.turn.conn, speaker.id) else "new_pin"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_OLD_PIN))

    def take(self, hop: Hop, value: str) -> Step:
        return pin_step(hop, value) or Step(goto="new_pin")


@menu
class NewPin(ChoosePin):
    name, prompt, confirm = "new_pin", ASK_NEW_PIN, "new_pin_again"


@menu
class NewPinAgain(ConfirmPin):
    name, prompt, retry = "new_pin_again", ASK_NEW_PIN_AGAIN, "new_pin"

    def confirmed(self, hop: Hop, pin_hash: str) -> Step:
        if hop.turn.speaker is None:
            return Step(home=True)
        set_pin(hop.turn.conn, hop.turn.speaker.id, pin_hash)
        hop.ctx["notice"] = hop.t(PIN_CHANGED)
        return Step(home=True)


@menu
class InvitePhone:
    name = "invite_phone"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(ASK_PHONE), [])

    def take(self, hop: Hop, value: str) -> Step:
        chama = focus(hop)
        try:
            phone = normalize_phone(value)
        except ChamaError:
            return Step(error=hop.t(BAD_PHONE))
        return finish(hop, run_once(hop, Invite(phone, chama.code if chama else None)).text)

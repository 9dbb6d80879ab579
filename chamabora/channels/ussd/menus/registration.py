"""Registering a new caller: English or Swahili, then the name, then a 4-digit PIN twice."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.services.people.speakers import load_speaker
from chamabora.core.commands import Register
from chamabora.core.errors import ChamaError
from chamabora.core.member import new_member
from chamabora.services.people.pins import set_pin
from chamabora.channels.ussd.machine import Hop, Screen, Step, menu
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import ChoosePin, ConfirmPin

ASK_NAME = _("Welcome to Chamabora.\nEnter your full name:")
# shown before we know the caller's language, so in both
CHOOSE_LANGUAGE = "Karibu Chamabora! Welcome!\n1 English\n2 Kiswahili"
LANGUAGES = {"1": "en", "2": "sw"}
BAD_NAME = _("Enter your name in letters, e.g. Jane Wanjiru.")
ASK_PIN = _("Choose a 4-digit PIN for money actions:")
ASK_PIN_AGAIN = _("Enter the same PIN again:")
REGISTERED = _("Registered. Karibu!")


@menu
class RegisterLanguage:
    name = "register_language"

    def show(self, hop: Hop) -> Screen:
        return Screen(CHOOSE_LANGUAGE)

    def take(self, hop: Hop, value: str) -> Step:
        if value not in LANGUAGES:
            return Step(screen=Screen(CHOOSE_LANGUAGE))
        hop.state["lang"] = hop.turn.language = LANGUAGES[value]  # the name and PIN screens follow it
        return Step(goto="register_name")


@menu
class RegisterName:
    name = "register_name"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_NAME))

    def take(self, hop: Hop, value: str) -> Step:
        try:
            hop.ctx["name"] = new_member(hop.turn.inbound.phone, value).name
        except ChamaError:
            return Step(error=hop.t(BAD_NAME))
        return Step(goto="register_pin")


@menu
class RegisterPin(ChoosePin):
    name, prompt, confirm = "register_pin", ASK_PIN, "register_pin_again"


@menu
class RegisterPinAgain(ConfirmPin):
    name, prompt, retry = "register_pin_again", ASK_PIN_AGAIN, "register_pin"

    def confirmed(self, hop: Hop, pin_hash: str) -> Step:
        run_once(hop, Register(hop.ctx.pop("name")))
        hop.turn.speaker = load_speaker(hop.turn.conn, hop.turn.inbound.phone)
        if hop.turn.speaker is not None:
            set_pin(hop.turn.conn, hop.turn.speaker.id, pin_hash)
        hop.ctx["notice"] = hop.t(REGISTERED)
        return Step(home=True)

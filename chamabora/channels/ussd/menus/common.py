"""Pieces several menus share: the chama in focus, PIN checks (and the first
PIN, chosen on the way to a money action), amounts."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.services.people.speakers import ChamaChoice
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.core.member import verify_pin
from chamabora.i18n.members import PIN_LOCK_NOTICE, PIN_LOCKED, PIN_NOW_LOCKED, PIN_WRONG
from chamabora.services.people.pins import (LOCK_FOR, PinCheck, check_pin, has_pin, lock_ends, locked_until, new_pin_hash,
                                     set_pin)
from chamabora.channels.ussd.machine import EXPIRED, NAV, Hop, Screen, Step, menu

BAD_AMOUNT = _("Enter a whole amount in shillings, e.g. 500.")
OVER_MPESA = _("M-Pesa takes at most KES 250,000 at a time. Enter a smaller amount:")
MPESA_MAX = Money.shillings(250_000)  # one STK prompt or one payment to a phone


def focus(hop: Hop) -> ChamaChoice | None:
    """The chama the member is working in: the one picked this session, else their first."""
    mine = hop.turn.my_chamas()
    picked = hop.state.get("chama")
    chosen = next((choice for choice in mine if choice.code == picked), mine[0] if mine else None)
    if chosen is not None:
        # commands without a chama (REPAY, SAVE) act on the one in focus, as on SMS with one chama
        hop.turn.notes["focus_chama"] = chosen.code
    return chosen


def pin_step(hop: Hop, pin: str) -> Step | None:
    """None when the PIN is right; otherwise the step that answers the member."""
    speaker = hop.turn.speaker
    if speaker is None:
        # PIN menus are reached only by registered members; a phone that is not one ends here
        return Step(screen=Screen(hop.t(EXPIRED), end=True))
    now = hop.turn.inbound.received_at
    ends = lock_ends(now + LOCK_FOR, now)
    outcome = check_pin(hop.turn.conn, speaker.id, pin, now, hop.t(PIN_LOCK_NOTICE, until=ends))
    if outcome is PinCheck.OK:
        return None
    if outcome is PinCheck.WRONG:
        return Step(error=hop.t(PIN_WRONG))
    if outcome is PinCheck.NOT_SET:
        hop.ctx["after_pin"] = hop.state["menu"]
        return Step(goto=FIRST_PIN_MENU)
    if outcome is PinCheck.NOW_LOCKED:
        return Step(screen=Screen(hop.t(PIN_NOW_LOCKED, until=ends), end=True))
    return Step(screen=locked_screen(hop) or Screen(hop.t(PIN_WRONG), end=True))


def locked_screen(hop: Hop) -> Screen | None:
    """The screen that ends a money action for a member whose PIN is locked (saying until when), or None."""
    speaker, now = hop.turn.speaker, hop.turn.inbound.received_at
    until = locked_until(hop.turn.conn, speaker.id, now) if speaker is not None else None
    return None if until is None else Screen(hop.t(PIN_LOCKED, until=lock_ends(until, now)), end=True)


def parse_amount(value: str) -> Money | None:
    try:
        amount = Money.parse(value)
    except ChamaError:
        return None
    return amount if amount.is_positive() and amount.cents % 100 == 0 else None


def amount_step(hop: Hop, value: str, most: Money | None, over: str, then: str, **values: object) -> Step:
    """The amount typed, checked before the PIN is asked: whole shillings, within M-Pesa's ceiling and
    within `most` (what the member may take or owes; `over` says so with `values`). Kept in the session."""
    amount = parse_amount(value)
    if amount is None:
        return Step(error=hop.t(BAD_AMOUNT))
    # these replies are the question asked again, so they stand alone on the screen
    if amount > MPESA_MAX:
        return Step(screen=Screen(hop.t(OVER_MPESA) + "\n" + hop.t(NAV)))
    if most is not None and amount > most:
        return Step(screen=Screen(hop.t(over, **values) + "\n" + hop.t(NAV)))
    hop.ctx["amount"] = amount.cents
    return Step(goto=then)


def finish(hop: Hop, text: str) -> Step:
    return Step(screen=Screen(text, end=True))


BAD_PIN = _("A PIN is 4 digits.")
PINS_DIFFER = _("The PINs did not match. Choose a 4-digit PIN:")


class ChoosePin:
    """First entry of a new PIN: only a salted hash is kept, never the PIN itself."""

    secret = True
    prompt = ""
    confirm = ""

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(self.prompt))

    def take(self, hop: Hop, value: str) -> Step:
        if not (len(value) == 4 and value.isdigit()):
            return Step(error=hop.t(BAD_PIN))
        hop.ctx["pin_hash"] = new_pin_hash(value)
        return Step(goto=self.confirm)


class ConfirmPin:
    """Second entry: it must match the first; `confirmed` says what the new PIN is for."""

    secret = True
    prompt = ""
    retry = ""

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(self.prompt))

    def take(self, hop: Hop, value: str) -> Step:
        pin_hash = hop.ctx.pop("pin_hash", None)
        if not verify_pin(value, pin_hash):
            stack = hop.state["stack"]
            if stack and stack[-1] == self.retry:
                stack.pop()  # the choice screen is shown again, not stacked twice
            hop.state["menu"] = self.retry
            return Step(error=hop.t(PINS_DIFFER))
        return self.confirmed(hop, pin_hash)

    def confirmed(self, hop: Hop, pin_hash: str) -> Step:
        raise TypeError(f"{type(self).__name__} must say what its PIN is for")


FIRST_PIN_MENU = "first_pin"
ASK_FIRST_PIN = _("Money actions need a PIN. Choose a 4-digit PIN:")
ASK_FIRST_PIN_AGAIN = _("Enter the same PIN again:")
PIN_SET = _("Your PIN is set.")


class PinConfirm:
    """A screen that confirms a money action with the member's PIN. A member who has none is
    taken to choose one first and then comes straight back here, the amount still in the session."""

    secret = True
    name = ""

    def arrive(self, hop: Hop) -> str | None:
        speaker = hop.turn.speaker
        if speaker is None or has_pin(hop.turn.conn, speaker.id):
            return None
        hop.ctx["after_pin"] = self.name
        return FIRST_PIN_MENU


@menu
class FirstPin(ChoosePin):
    name, prompt, confirm = FIRST_PIN_MENU, ASK_FIRST_PIN, "first_pin_again"


@menu
class FirstPinAgain(ConfirmPin):
    name, prompt, retry = "first_pin_again", ASK_FIRST_PIN_AGAIN, FIRST_PIN_MENU

    def confirmed(self, hop: Hop, pin_hash: str) -> Step:
        speaker = hop.turn.speaker
        assert speaker is not None  # PIN screens are reached only by registered members
        set_pin(hop.turn.conn, speaker.id, pin_hash)
        after = hop.ctx.pop("after_pin", None)
        stack = hop.state["stack"]
        while stack and stack[-1] in (FIRST_PIN_MENU, self.name):
            stack.pop()  # `0` from the action goes back to where the member was before it
        if after is None:
            hop.ctx["notice"] = hop.t(PIN_SET)
            return Step(home=True)
        if stack and stack[-1] == after:
            stack.pop()
        hop.state["menu"] = after
        return Step(error=hop.t(PIN_SET))

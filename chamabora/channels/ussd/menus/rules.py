"""Settings > Chama rules: every member reads the rules a page at a time (98
for the next); the chair (and the treasurer, for the money rules) changes
one with digits only, as a feature phone types them, then the PIN. The
finished path is the same `SetRules` command an SMS `SET FINE 100` makes.
"""
from __future__ import annotations

from chamabora.conversation.handlers.rules import rule_page, waiting_words
from chamabora.i18n.catalogs import _
from chamabora.core.chama import Role
from chamabora.core.chama_commands import MAX_RULE_PAGES
from chamabora.core.commands import SetRules
from chamabora.core.errors import ChamaError
from chamabora.services.records import load_chama
from chamabora.i18n.rule_words import change_words
from chamabora.channels.ussd.machine import MORE, Hop, Screen, Step, menu, options
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import PinConfirm, finish, focus, pin_step

INVALID = _("Invalid choice.")
TITLE = _("Rules %(page)s/%(pages)s: %(rules)s")
SCREEN_ROOM = 80  # 160 less the title, three option lines and an error line, in either language
MORE_LABEL = _("More")
CHANGE = _("Change a rule")
CHOOSE = _("Change which rule?")
FINE, GRACE, CONTRIBUTION, ORDER = _("Fine"), _("Grace days"), _("Contribution"), _("Payout order")
LOAN_RATE, LOAN_LIMIT, SAVINGS, VOTES = _("Loan rate"), _("Loan limit"), _("Savings interest"), _("Votes")
FINE_KIND = _("Fine for a late contribution:")
FLAT, PERCENT, NO_FINE = _("An amount"), _("A percent of the unpaid"), _("No fine")
FINE_AMOUNT = _("Fine in KES:")
FINE_PERCENT = _("Fine in percent (1-100):")
FINE_WHEN = _("Charged:")
PER_CYCLE, PER_DAY = _("Once per late cycle"), _("Every day late")
FINE_CAP = _("Most per cycle in KES (0 for no cap):")
ASK_GRACE = _("Grace days after the due date (0-60):")
ASK_CONTRIBUTION = _("New contribution in KES:")
ORDER_TITLE = _("Payout order:")
JOIN_ORDER, RANDOM_DRAW = _("Join order"), _("Random draw")
ASK_RATE = _("Loan interest in percent a month (0-50):")
METHOD = _("Interest on:")
REDUCING, FLAT_RATE = _("Reducing balance"), _("Flat rate")
ASK_LIMIT = _("Loan limit, times savings (1-10):")
ASK_SAVINGS = _("Savings interest in percent a year (0-50):")
ASK_VOTE = _("Members vote on withdrawals above KES (0 for no vote):")
BAD_NUMBER = _("Enter a number from %(low)s to %(high)s.")
CONFIRM = _("Change: %(rules)s.\nEnter your PIN to confirm:")
ITEMS = (("1", FINE, "rule_fine", False), ("2", GRACE, "rule_grace", False),
         ("3", CONTRIBUTION, "rule_contribution", True), ("4", ORDER, "rule_order", True),
         ("5", LOAN_RATE, "rule_loan_rate", False), ("6", LOAN_LIMIT, "rule_loan_limit", False),
         ("7", SAVINGS, "rule_savings", False), ("8", VOTES, "rule_votes", True))


def role(hop: Hop) -> str | None:
    chama = focus(hop)
    return chama.role if chama else None


def items(hop: Hop) -> list[tuple[str, str, str]]:
    """The rules this officer may change: the chair all, the treasurer the money rules."""
    if role(hop) == Role.CHAIR.value:
        return [(k, label, target) for k, label, target, _chair_only in ITEMS]
    if role(hop) == Role.TREASURER.value:
        return [(k, label, target) for k, label, target, chair_only in ITEMS if not chair_only]
    return []


def rule_screens(hop: Hop) -> list[list[str]]:
    """Every rule's phrase, as many to a screen as leave room for the options and a short error line."""
    chama = focus(hop)
    assert chama is not None
    phrases = [p for page in range(1, MAX_RULE_PAGES) for p in rule_page(hop.turn, chama.id, page)]
    phrases += waiting_words(hop.turn, chama.id)
    screens: list[list[str]] = [[]]
    for phrase in phrases:
        if screens[-1] and len("; ".join(screens[-1] + [phrase])) > SCREEN_ROOM:
            screens.append([])
        screens[-1].append(phrase)
    return screens


def propose(hop: Hop, *pairs: tuple[str, object]) -> Step:
    hop.ctx["changes"] = [*hop.ctx.get("changes", []), *[list(p) for p in pairs]]
    return Step(goto="rule_pin")


@menu
class RulesPage:
    name = "rules"

    def show(self, hop: Hop) -> Screen:
        screens = rule_screens(hop)
        page = hop.ctx.get("rules_page", 0) % len(screens)
        title = hop.t(TITLE, page=page + 1, pages=len(screens), rules="; ".join(screens[page]))
        return options(hop, title, [(MORE, hop.t(MORE_LABEL))] + ([("1", hop.t(CHANGE))] if items(hop) else []))

    def take(self, hop: Hop, value: str) -> Step:
        if value == MORE:
            hop.ctx["rules_page"] = hop.ctx.get("rules_page", 0) + 1
            return Step(goto=None)
        if value == "1" and items(hop):
            hop.ctx["changes"] = []
            return Step(goto="rule_choose")
        return Step(error=hop.t(INVALID))


@menu
class ChooseRule:
    name = "rule_choose"

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(CHOOSE), [(k, hop.t(label)) for k, label, _target in items(hop)])

    def take(self, hop: Hop, value: str) -> Step:
        target = next((t for k, _label, t in items(hop) if k == value), None)
        hop.ctx["changes"] = []
        return Step(goto=target) if target else Step(error=hop.t(INVALID))


class Choice:
    """A short numbered choice; `picks` maps a key to (label, next menu or None, pairs to propose)."""

    name = ""
    title = ""
    picks: tuple[tuple[str, str, str | None, tuple[tuple[str, object], ...]], ...] = ()

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(self.title), [(k, hop.t(label)) for k, label, _next, _pairs in self.picks])

    def take(self, hop: Hop, value: str) -> Step:
        for key, _label, target, pairs in self.picks:
            if key == value:
                hop.ctx["changes"] = [*hop.ctx.get("changes", []), *[list(p) for p in pairs]]
                return Step(goto=target or "rule_pin")
        return Step(error=hop.t(INVALID))


class Number:
    """A whole number typed on the keypad, scaled to the setting's unit (cents, basis points)."""

    name = ""
    prompt = ""
    setting = ""
    low, high, scale = 0, 0, 1
    then: str | None = None

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(self.prompt), [])

    def take(self, hop: Hop, value: str) -> Step:
        if not (value.isdigit() and self.low <= int(value) <= self.high):
            return Step(error=hop.t(BAD_NUMBER, low=self.low, high=self.high))
        hop.ctx["changes"] = [*hop.ctx.get("changes", []), [self.setting, self.value(int(value))]]
        return Step(goto=self.then or "rule_pin")

    def value(self, number: int) -> object:
        return number * self.scale


@menu
class FineKind(Choice):
    name, title = "rule_fine", FINE_KIND
    picks = (("1", FLAT, "rule_fine_amount", (("fine_percent_bp", 0),)),
             ("2", PERCENT, "rule_fine_percent", (("fine_flat_cents", 0),)),
             ("3", NO_FINE, None, (("fine_flat_cents", 0), ("fine_percent_bp", 0), ("fine_per_day", False),
                                   ("fine_cap_cents", None))))


@menu
class FineAmount(Number):
    name, prompt, setting, low, high, scale, then = "rule_fine_amount", FINE_AMOUNT, "fine_flat_cents", 1, 100_000, 100, \
        "rule_fine_when"


@menu
class FinePercent(Number):
    name, prompt, setting, low, high, scale, then = "rule_fine_percent", FINE_PERCENT, "fine_percent_bp", 1, 100, 100, \
        "rule_fine_when"


@menu
class FineWhen(Choice):
    name, title = "rule_fine_when", FINE_WHEN
    picks = (("1", PER_CYCLE, None, (("fine_per_day", False), ("fine_cap_cents", None))),
             ("2", PER_DAY, "rule_fine_cap", (("fine_per_day", True),)))


@menu
class FineCap(Number):
    name, prompt, setting, low, high, scale = "rule_fine_cap", FINE_CAP, "fine_cap_cents", 0, 100_000, 100

    def value(self, number: int) -> object:
        return number * 100 if number else None


@menu
class Grace(Number):
    name, prompt, setting, low, high = "rule_grace", ASK_GRACE, "grace_days", 0, 60


@menu
class ContributionAmount(Number):
    name, prompt, setting, low, high, scale = "rule_contribution", ASK_CONTRIBUTION, "contribution_cents", 1, \
        1_000_000, 100


@menu
class OrderChoice(Choice):
    name, title = "rule_order", ORDER_TITLE
    picks = (("1", JOIN_ORDER, None, (("rotation_mode", "join_order"),)),
             ("2", RANDOM_DRAW, None, (("rotation_mode", "random_draw"),)))


@menu
class LoanRate(Number):
    name, prompt, setting, low, high, scale, then = "rule_loan_rate", ASK_RATE, "loan_rate_bp", 0, 50, 100, \
        "rule_loan_method"


@menu
class LoanMethod(Choice):
    name, title = "rule_loan_method", METHOD
    picks = (("1", REDUCING, None, (("loan_method", "reducing"),)), ("2", FLAT_RATE, None, (("loan_method", "flat"),)))


@menu
class LoanLimit(Number):
    name, prompt, setting, low, high = "rule_loan_limit", ASK_LIMIT, "loan_multiple", 1, 10


@menu
class SavingsRate(Number):
    name, prompt, setting, low, high, scale = "rule_savings", ASK_SAVINGS, "savings_rate_bp", 0, 50, 100


@menu
class VoteThreshold(Number):
    name, prompt, setting, low, high = "rule_votes", ASK_VOTE, "ratify_above_cents", 0, 10_000_000

    def value(self, number: int) -> object:
        return number * 100 if number else None


@menu
class RulePin(PinConfirm):
    name = "rule_pin"

    def changes(self, hop: Hop) -> dict[str, object]:
        return {name: value for name, value in hop.ctx.get("changes", [])}

    def show(self, hop: Hop) -> Screen:
        chama = focus(hop)
        assert chama is not None
        frequency = load_chama(hop.turn.conn, chama.id).terms.frequency.value
        words = change_words(hop.turn.language, self.changes(hop), frequency, "reducing")
        return Screen(hop.t(CONFIRM, rules="; ".join(words)))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        chama = focus(hop)
        assert chama is not None
        try:
            command = SetRules(tuple(self.changes(hop).items()), chama.code)
        except ChamaError:
            return finish(hop, hop.t(INVALID))
        return finish(hop, run_once(hop, command).text)


"""Menu 7, loans and goals: the member's loan, a loan request (amount; above
the member's limit, the phones of guarantors until their savings back the
rest; months; the quote with its total interest, then the PIN to confirm), a
repayment (amount, PIN, then an M-Pesa prompt). Goals are in menus/goals.py.

The plan gate is the dispatcher's: the loan screens run `CheckLoan` through
the engine, and the request screens ask the same gate before quoting.
"""
from __future__ import annotations

from chamabora.conversation.engine import run_command
from chamabora.conversation.errors import error_reply_text
from chamabora.i18n.members import PLAN_NEEDED
from chamabora.i18n.catalogs import _
from chamabora.core.commands import CheckLoan, RepayLoan
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.core.phone import normalize_phone
from chamabora.core.subscriptions import Feature
from chamabora.services.lending import loan_repayments
from chamabora.services.lending import loans
from chamabora.services.savings import subscriptions
from chamabora.services.lending.policy import load_policy
from chamabora.channels.ussd.machine import NAV, Hop, Screen, Step, menu, options
from chamabora.channels.ussd.once import guarded, once, run_once
from chamabora.channels.ussd.menus.common import PinConfirm, amount_step, finish, focus, pin_step
from chamabora.channels.ussd.menus.info import InfoMenu
from chamabora.channels.ussd.menus.savings import WITHDRAW

TITLE = _("Loans & goals")
MY_LOAN = _("My loan")
REQUEST = _("Request a loan")
REPAY = _("Repay loan")
MY_GOALS = _("My goals")
INVALID = _("Invalid choice.")
ASK_AMOUNT = _("Request a loan\nYour limit is %(limit)s.\nEnter amount in KES:")
ASK_MONTHS = _("Repay over how many months? (1-60)")
BAD_MONTHS = _("Enter the months as a number from 1 to 60.")
OVER_LIMIT = _("Your loan limit is %(limit)s, %(times)s times your savings less loans you owe. Save more to "
               "raise it. Enter up to %(limit)s:")
NO_LIMIT = _("Your loan limit is KES 0: a loan is up to %(times)s times your savings. Contribute or save first.")
OVER_OWED = _("You owe %(owed)s. Enter that or less:")
QUOTE = _("Loan %(amount)s, %(months)s months.\nInterest %(interest)s, total %(total)s.\n"
          "First %(first)s due %(due)s.\nEnter PIN to confirm:")
SENT = _("Loan request %(loan)s sent. You will get an SMS when the treasurer decides.")
SENT_GUARANTEED = _("Loan request %(loan)s sent. Your guarantors are asked by SMS; then the treasurer decides.")
ASK_GUARANTOR = _("Your limit is %(limit)s. Guarantors must back %(needed)s.\nEnter a guarantor's phone:")
ASK_ANOTHER = _("Guarantors can back %(backed)s of %(needed)s.\nEnter another guarantor's phone:")
TOO_FEW = _("Your guarantors' free savings cannot back %(needed)s. Ask for less, or ask other members "
            "to guarantee you.")
MOST_GUARANTORS = 3
NO_LOAN = _("You have no loan to repay.")
ASK_REPAYMENT = _("Loan %(loan)s: you owe %(owed)s.\nEnter amount to repay in KES:")
CONFIRM_REPAYMENT = _("Repay %(amount)s on loan %(loan)s.\nEnter your PIN to confirm:")
ITEMS = (("1", MY_LOAN, "loan_status"), ("2", REQUEST, "loan_amount"), ("3", REPAY, "repay_amount"),
         ("4", MY_GOALS, "goals"), ("5", WITHDRAW, "withdraw_amount"))


@menu
class LoansAndGoals:
    name = "loans"
    reads_only = True  # its inputs only lead to other screens

    def show(self, hop: Hop) -> Screen:
        return options(hop, hop.t(TITLE), [(key, hop.t(label)) for key, label, _target in ITEMS])

    def take(self, hop: Hop, value: str) -> Step:
        target = next((target for key, _label, target in ITEMS if key == value), None)
        return Step(goto=target) if target else Step(error=hop.t(INVALID))


@menu
class LoanStatus(InfoMenu):
    name, command = "loan_status", CheckLoan

    def text(self, hop: Hop) -> str:
        return run_command(hop.turn, CheckLoan()).text


def _loans_open(hop: Hop):  # type: ignore[no-untyped-def]
    """(refusal, chama, speaker): the refusal is the plan's, as the SMS gate words it, or None when
    loans are on the focused chama's plan."""
    chama, speaker = focus(hop), hop.turn.speaker
    assert chama is not None and speaker is not None
    needed = subscriptions.plan_gate(hop.turn.conn, chama.id, Feature.LOANS, hop.turn.today)
    if needed is None:
        return None, chama, speaker
    refusal = Screen(hop.t(PLAN_NEEDED, chama=hop.turn.label(chama.name), plan=needed.value.title()), end=True)
    return refusal, chama, speaker


@menu
class LoanAmount:
    name = "loan_amount"

    def show(self, hop: Hop) -> Screen:
        refusal, chama, speaker = _loans_open(hop)
        if refusal is not None:
            return refusal
        limit, times = _limit(hop)
        if not limit.is_positive():
            return options(hop, hop.t(NO_LIMIT, times=times), [])
        return Screen(hop.t(ASK_AMOUNT, limit=limit))

    def take(self, hop: Hop, value: str) -> Step:
        limit, times = _limit(hop)
        hop.ctx["guarantors"] = []
        if not limit.is_positive():  # guarantors back a loan beyond the member's own limit, not instead of it
            return amount_step(hop, value, limit, OVER_LIMIT, "loan_months", limit=limit, times=times)
        step = amount_step(hop, value, None, OVER_LIMIT, "loan_months")
        if step.goto and Money(hop.ctx["amount"]) > limit:
            return Step(goto="loan_guarantor")  # the rest is backed by guarantors the member names
        return step


@menu
class LoanGuarantor:
    """One guarantor's phone at a time, until their free savings back the part above the limit."""

    name = "loan_guarantor"

    def show(self, hop: Hop) -> Screen:
        quote, backed = _guaranteed(hop)
        if not hop.ctx["guarantors"]:  # 0 goes back to the amount, for a member who would rather ask for less
            return Screen(hop.t(ASK_GUARANTOR, limit=quote.limit, needed=quote.guarantee_needed) + "\n" + hop.t(NAV))
        return Screen(hop.t(ASK_ANOTHER, backed=backed, needed=quote.guarantee_needed) + "\n" + hop.t(NAV))

    def take(self, hop: Hop, value: str) -> Step:
        chama, speaker = focus(hop), hop.turn.speaker
        assert chama is not None and speaker is not None
        try:
            [guarantor] = loans.guarantor_ids(hop.turn.conn, chama.id, speaker.id, (normalize_phone(value),))
        except ChamaError as error:
            return Step(error=error_reply_text(hop.turn, error))
        if guarantor not in hop.ctx["guarantors"]:
            hop.ctx["guarantors"] = [*hop.ctx["guarantors"], guarantor]
        quote, backed = _guaranteed(hop)
        if backed >= quote.guarantee_needed:
            return Step(goto="loan_months")
        if len(hop.ctx["guarantors"]) >= MOST_GUARANTORS:
            return finish(hop, hop.t(TOO_FEW, needed=quote.guarantee_needed))
        return Step(goto="loan_guarantor")


def _guaranteed(hop: Hop) -> tuple[loans.LoanQuote, Money]:
    """The quote with the named guarantors' pledges, and what they back together."""
    hop.ctx.setdefault("months", 1)  # the part above the limit does not depend on the months
    quote = _quote(hop)
    return quote, sum((pledge for _g, pledge in quote.pledges), Money(0))


def _limit(hop: Hop) -> tuple[Money, int]:
    """The member's loan limit now, and the multiple of savings the chama's rules set."""
    chama, speaker = focus(hop), hop.turn.speaker
    assert chama is not None and speaker is not None
    limit = loans.quote_loan(hop.turn.conn, chama.id, speaker.id, Money(100), 1, hop.turn.today).limit
    return limit, load_policy(hop.turn.conn, chama.id).loan_multiple


@menu
class LoanMonths:
    name = "loan_months"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_MONTHS))

    def take(self, hop: Hop, value: str) -> Step:
        if not (value.isdigit() and 1 <= int(value) <= 60):
            return Step(error=hop.t(BAD_MONTHS))
        hop.ctx["months"] = int(value)
        return Step(goto="loan_quote")


def _quote(hop: Hop) -> loans.LoanQuote:
    chama, speaker = focus(hop), hop.turn.speaker
    assert chama is not None and speaker is not None
    quote = loans.quote_loan(hop.turn.conn, chama.id, speaker.id, Money(hop.ctx["amount"]), hop.ctx["months"],
                             hop.turn.today)
    named = hop.ctx.get("guarantors") or []
    return loans.with_pledges(hop.turn.conn, chama.id, speaker.id, quote, named) if named else quote


@menu
class LoanQuote(PinConfirm):
    """Shows the total interest; the PIN here is the member's confirmation, and only then is the loan recorded."""

    name = "loan_quote"

    def show(self, hop: Hop) -> Screen:
        schedule = _quote(hop).schedule
        first = schedule.instalments[0]
        return Screen(hop.t(QUOTE, amount=schedule.principal, months=hop.ctx["months"],
                            interest=schedule.total_interest, total=schedule.total, first=first.total,
                            due=f"{first.due_on:%d/%m/%y}"))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        chama, speaker = focus(hop), hop.turn.speaker
        assert chama is not None and speaker is not None

        def request() -> str:
            pledges = dict(_quote(hop).pledges)
            loan_id = loans.request_loan(hop.turn.conn, chama.id, speaker.id, Money(hop.ctx["amount"]),
                                         hop.ctx["months"], hop.turn.today, pledges)
            return hop.t(SENT_GUARANTEED if pledges else SENT, loan=f"L{loan_id}")
        return finish(hop, once(hop, lambda: guarded(hop, request)))


@menu
class RepayAmount:
    name = "repay_amount"

    def show(self, hop: Hop) -> Screen:
        refusal, chama, speaker = _loans_open(hop)
        if refusal is not None:
            return refusal
        status = loan_repayments.loan_status(hop.turn.conn, chama.id, speaker.id, hop.turn.today)
        if status is None or status.status != "disbursed":
            hop.ctx.pop("loan", None)
            return options(hop, hop.t(NO_LOAN), [])  # back or home from here, not the end of the session
        hop.ctx["loan"], hop.ctx["owed"] = status.loan_id, status.owed.cents
        return Screen(hop.t(ASK_REPAYMENT, loan=f"L{status.loan_id}", owed=status.owed))

    def take(self, hop: Hop, value: str) -> Step:
        if hop.ctx.get("loan") is None:
            return Step(screen=self.show(hop))
        owed = Money(hop.ctx.get("owed", 0))
        whole = Money(-(-owed.cents // 100) * 100)  # M-Pesa takes whole shillings: the last one rounds up
        return amount_step(hop, value, whole, OVER_OWED, "repay_pin", owed=owed)


@menu
class RepayPin(PinConfirm):
    name = "repay_pin"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(CONFIRM_REPAYMENT, amount=Money(hop.ctx["amount"]), loan=f"L{hop.ctx.get('loan')}"))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        return finish(hop, run_once(hop, RepayLoan(Money(hop.ctx["amount"]))).text)

"""Core error codes as friendly, localised replies."""
from __future__ import annotations

from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.i18n.catalogs import _
from chamabora.conversation.turn import Turn

MESSAGES = {
    "invalid_amount": _("That amount is not valid. Send a whole amount in shillings, e.g. PAY 500."),
    "invalid_phone": _("That phone number is not valid. Use a Kenyan number like 0712345678."),
    "invalid_input": _("Sorry, that did not work: please check and try again."),
    "unknown_member": _("You are not registered yet. Send REGISTER and your name, e.g. REGISTER Jane Wanjiru."),
    "unknown_recipient": _("Nobody is registered with that phone number. Invite them with INVITE and the number."),
    "unknown_chama": _("No chama has that code. Check the code with your chair."),
    "not_a_member": _("You are not a member of that chama. Join with JOIN and the chama's code."),
    "no_chama": _("You are not in a chama yet. Join one with JOIN and its code, or start one: "
                  "CREATE CHAMA Umoja 1000 MONTHLY."),
    "already_member": _("You are already a member of that chama."),
    "already_registered": _("You are already registered. Send HELP to see what you can do."),
    "forbidden": _("Only the chair or treasurer can do that."),
    "cycle_state": _("That cannot be done for this cycle yet."),
    "payout_state": _("That payout has already been handled."),
    "needs_chama": _("You are in several chamas: add the chama's code, e.g. BAL %(codes)s."),
    "same_name": _("Two of your chamas are called %(name)s: %(codes)s. Use the code instead, e.g. BAL %(code)s."),
    "not_found": _("Nothing was found for that."),
    "loan_state": _("That loan is not waiting for this. Send LOAN to see your loan."),
    "loan_limit": _("That is above what your savings (and your guarantors') can back."),
    "withdrawal_state": _("That vote is already closed."),
    "vote_closed": _("That vote is already closed."),
    "own_payout_vote": _("That payout is yours, so the other members vote on it."),
    "joined_after_vote": _("You joined after this vote opened, so you do not vote on it."),
    "payout_not_ratified": _("The members voted against this payout, so it is not sent by M-Pesa."),
    "bad_guarantor": _("Guarantors must be other members of your chama, named by phone, e.g. "
                       "LOAN 20000 6 GUARANTORS 0712345678."),
    "loan_in_cents": _("M-Pesa sends loans in whole shillings, so ask for an amount without cents, "
                       "e.g. LOAN 5000 6 MONTHS."),
    "loan_over_mpesa": _("M-Pesa sends at most KES 250,000 in one payment, so ask for that or less, e.g. "
                         "LOAN 250000 12 MONTHS."),
    "loan_unsendable": _("This loan has cents and M-Pesa sends whole shillings only, so it cannot be approved. "
                         "Reject it and ask the member to request a whole amount."),
    "payout_blocked": _("Payouts to this member are blocked until they catch up on their contributions."),
    "already_credited": _("That M-Pesa payment is already credited to a member."),
    "unknown_receipt": _("We have no paybill payment with that M-Pesa code. Check the code in our message."),
    "payee_not_member": _("The owner of that phone is not a member of this chama. Invite them with INVITE and "
                          "the number."),
    "insufficient_cash": _("Not enough cash: the chama can send %(available)s and this needs %(needed)s. "
                           "Money not yet confirmed by M-Pesa is never sent."),
    "self_approval": _("You cannot approve money to yourself: another treasurer or the chair must approve it."),
    "needs_second_officer": _("You cannot approve money to yourself and you are the only officer. Name a "
                              "second first, e.g. ROLE 0712345678 TREASURER."),
    "plan_required": _("Your chama's plan does not include this. The chair can send UPGRADE (BORESHA)."),
}
FALLBACK = _("Sorry, that did not work: please check and try again.")


AMOUNTS = ("available", "needed")  # details in cents, shown as money


def error_reply_text(turn: Turn, error: ChamaError) -> str:
    msgid = MESSAGES.get(error.code, FALLBACK)
    codes = str(error.details.get("codes", "")).split(", ")[0] if "codes" in error.details else ""
    if error.code == "same_name":
        return turn.t(msgid, name=error.details.get("name", ""), codes=error.details.get("codes", ""), code=codes)
    if "%(codes)s" in msgid:
        return turn.t(msgid, codes=codes)
    amounts = {k: Money(int(error.details.get(k, 0))) for k in AMOUNTS}  # type: ignore[call-overload]
    return turn.t(msgid, **amounts) if any(f"%({k})s" in msgid for k in AMOUNTS) else turn.t(msgid)

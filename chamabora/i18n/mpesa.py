"""Every SMS the M-Pesa side sends (a member paying or paid, the officers of
a payment that needs them) and the treasurer's replies about payouts: the
English text is the msgid; Swahili lives in `locale/sw/LC_MESSAGES/mpesa.po`
(and `savings.po`) with the rest of the catalogs.

Pure formatting only: the services fill them in each reader's language
(services/mpesa/mpesa_notices.py). STK outcomes are chosen by `ResultCode` alone,
since Daraja's `ResultDesc` wording varies.
"""
from __future__ import annotations

from chamabora.core.money import Money
from chamabora.i18n.catalogs import _, translate

# a member paying by prompt, and what became of the prompt
RECEIPT = _("Received %(amount)s for %(chama)s (M-Pesa %(receipt)s): contributions %(dues)s, "
            "fines %(fines)s, paid ahead %(credit)s. Asante!")
STK_OUTCOMES = {
    "1032": _("You cancelled the M-Pesa prompt for %(amount)s to %(chama)s. Nothing was charged. "
              "Send %(again)s to try again."),
    "1037": _("The M-Pesa prompt for %(amount)s to %(chama)s timed out before you answered. "
              "Nothing was charged. Send %(again)s to try again."),
    "1019": _("The M-Pesa prompt for %(amount)s to %(chama)s expired. Nothing was charged. "
              "Send %(again)s to try again."),
    "2001": _("Wrong M-Pesa PIN: your payment of %(amount)s to %(chama)s did not go through. "
              "Nothing was charged. Send %(again)s to try again."),
    "1": _("Your M-Pesa balance is not enough for %(amount)s to %(chama)s. Nothing was charged. "
           "Top up, then send %(again)s."),
}
STK_OTHER = _("M-Pesa could not complete your payment of %(amount)s to %(chama)s (code %(code)s). "
              "Nothing was charged. Please try again later.")
STK_NOT_SENT = _("Sorry, no M-Pesa prompt for %(amount)s to %(chama)s: %(reason)s. Nothing was charged. "
                 "Send %(again)s later.")
# why Daraja refused a prompt, by the field its error names; the log keeps Daraja's own words
NOT_SENT_REASONS = (("PhoneNumber", _("M-Pesa refused this number")), ("PartyA", _("M-Pesa refused this number")),
                    ("Amount", _("M-Pesa refused the amount")))
NOT_SENT_OTHER = _("M-Pesa refused it (%(code)s)")
STK_UNSURE = _("We are not sure the M-Pesa prompt for %(amount)s to %(chama)s reached you. If not, "
               "send %(again)s. If you paid, your receipt will follow.")
COUNTED_AS_CONTRIBUTION = _("%(chama)s: %(receipt)s, %(amount)s from %(member)s for %(purpose)s, is "
                            "counted as a contribution they forwarded. Move it if needed.")
STK_HELD_AMOUNT = _("%(chama)s: M-Pesa said %(claimed)s for %(member)s's %(amount)s prompt %(checkout)s. "
                    "Held; asking M-Pesa. Check your statement.")
STK_HELD_RECEIPT = _("%(chama)s: M-Pesa %(receipt)s paid 2 prompts: %(first)s counted, %(second)s held. "
                     "Check your M-Pesa statement.")
PURPOSE_NAMES = {"loan_repayment": _("a loan repayment"), "saving": _("a saving"),
                 "subscription": _("the plan's renewal")}
OTHER_PURPOSE = _("something other than a contribution")
STK_BUSY = _("You already have an M-Pesa prompt open. Finish or cancel it, then send %(again)s again.")
C2B_UNMATCHED = _("%(chama)s: M-Pesa %(receipt)s, %(amount)s from %(payer)s (account %(account)s), fits no "
                  "member. Reply CREDIT %(receipt)s and their phone.")
PAYOUT_SENT = _("%(chama)s paid %(amount)s to %(recipient)s by M-Pesa %(receipt)s. Approved by %(approvers)s.")
POT_SENT = _("%(chama)s: your pot of %(amount)s was sent to your M-Pesa (%(receipt)s). Send BAL to see your "
             "balance.")
PAYOUT_FAILED = _("%(chama)s: the payout of %(amount)s to %(recipient)s failed (%(reason)s). "
                  "It is still owed. Approve it again to retry.")
LOAN_SENT = _("%(chama)s: your loan of %(amount)s was sent to your M-Pesa (%(receipt)s). "
              "First instalment %(first)s due %(due)s.")
LOAN_SEND_FAILED = _("%(chama)s: M-Pesa could not send the loan of %(amount)s to %(recipient)s "
                     "(%(reason)s). It stays approved, waiting to be sent.")
LOAN_PAID_TWICE = _("%(chama)s: M-Pesa %(receipt)s sent %(amount)s to %(recipient)s for loan %(loan)s, "
                    "which no longer waited for it. Check the books and recover it.")
PAYOUT_NEEDS = _("%(chama)s: payout of %(amount)s to %(recipient)s approved by %(approvers)s. The chair "
                 "must approve too: APPROVE PAYOUT %(payout)s.")


# what each purpose's receipt says (services/mpesa/purposes.py)
LOAN_RECEIPT = _("Received %(amount)s for loan L%(loan)s in %(chama)s (M-Pesa %(receipt)s). Still to pay: "
                 "%(left)s. Asante!")
LOAN_SETTLED_RECEIPT = _("Received %(amount)s for loan L%(loan)s in %(chama)s (M-Pesa %(receipt)s). The loan is "
                         "repaid; %(extra)s over it went to your savings. Asante!")
SAVING_RECEIPT = _("Received %(amount)s into your savings in %(chama)s (M-Pesa %(receipt)s). Asante!")
GOAL_RECEIPT = _("Received %(amount)s towards %(goal)s in %(chama)s (M-Pesa %(receipt)s): %(saved)s of %(target)s "
                 "saved. Asante!")
PLAN_RECEIPT = _("Received %(amount)s for %(chama)s's Chamabora plan (M-Pesa %(receipt)s): %(plan)s until "
                 "%(until)s. Asante!")


# a savings withdrawal's or share-out line's B2C payment
WITHDRAWAL_SENT = _("%(chama)s: %(amount)s from your savings was sent to your M-Pesa (%(receipt)s). "
                    "Savings left: %(left)s.")
SHARE_OUT_SENT = _("%(chama)s share-out: your savings %(savings)s and share %(share)s, %(amount)s in all, sent "
                   "to your M-Pesa (%(receipt)s).")
WITHDRAWAL_NOT_SENT = _("%(chama)s: M-Pesa could not send %(amount)s (%(ref)s) to you. Nothing left your "
                        "savings; the treasurer will approve it again.")
OFFICERS_WITHDRAWAL_NOT_SENT = _("%(chama)s: M-Pesa did not send %(amount)s (%(ref)s) to %(member)s: "
                                 "%(reason)s. APPROVE %(ref)s to try again.")

# the treasurer's pending list: payouts waiting for a signature
PAYOUT_SUMMARY = _("Payout %(amount)s to %(name)s")
PAYOUT_APPROVED = _("Approved. %(amount)s is on its way to %(name)s by M-Pesa.")
PAYOUT_WAITING_CHAIR = _("Approved. The payout now waits for the chair's approval.")
PAYOUT_WAITING_VOTE = _("Approved. The payout now waits for the members' vote on %(ref)s.")
PAYOUT_NOT_RATIFIED = _("The members voted against this payout, so it is not sent by M-Pesa.")
PAYOUT_DECLINED = _("Not approved. The payout stays unpaid until a treasurer approves it.")

ALREADY_DECIDED = _("That item was already decided.")

SMS = 160
CONFIRMED_NO_CODE = _("confirmed")
# the command that asks for the same prompt again, by what the prompt was for
AGAIN = {"contribution": _("PAY %(shillings)s"), "saving": _("SAVE %(shillings)s"),
         "goal": _("SAVE %(shillings)s %(goal)s"), "loan_repayment": _("REPAY %(shillings)s"),
         "subscription": _("UPGRADE %(plan)s %(months)s")}


def again(language: str, purpose: str | None, details: dict[str, object], amount: Money) -> str:
    kind = "goal" if purpose == "saving" and details.get("goal") else (purpose or "contribution")
    return translate(language, AGAIN.get(kind, AGAIN["contribution"]), shillings=amount.cents // 100,
                     goal=details.get("goal", ""), plan=str(details.get("plan", "")).upper(),
                     months=details.get("months", 1))


def not_sent_reason(language: str, error_text: str, code: str) -> str:
    reason = next((msgid for field, msgid in NOT_SENT_REASONS if field in error_text), NOT_SENT_OTHER)
    return translate(language, reason, code=code)


def stk_outcome(code: str) -> str:
    return STK_OUTCOMES.get(code, STK_OTHER)

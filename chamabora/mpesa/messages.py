"""Every SMS the M-Pesa side sends a member, in the member's language.

The English text is the msgid; Swahili lives in
`conversation/locale/sw/LC_MESSAGES/mpesa.po` with the rest of the catalogs.
STK outcomes are chosen by `ResultCode` alone, since Daraja's `ResultDesc`
wording varies.
"""
from __future__ import annotations

from sqlalchemy import Connection, select

from ..conversation.i18n import _, translate
from ..services.records import members

RECEIPT = _("Received %(amount)s for %(chama)s (M-Pesa %(receipt)s): contributions %(dues)s, "
            "fines %(fines)s, paid ahead %(credit)s. Asante!")
STK_OUTCOMES = {
    "1032": _("You cancelled the M-Pesa prompt for %(amount)s to %(chama)s. Nothing was charged. "
              "Send PAY %(shillings)s to try again."),
    "1037": _("The M-Pesa prompt for %(amount)s to %(chama)s timed out before you answered. "
              "Nothing was charged. Send PAY %(shillings)s to try again."),
    "1019": _("The M-Pesa prompt for %(amount)s to %(chama)s expired. Nothing was charged. "
              "Send PAY %(shillings)s to try again."),
    "2001": _("Wrong M-Pesa PIN: your payment of %(amount)s to %(chama)s did not go through. "
              "Nothing was charged. Send PAY %(shillings)s to try again."),
    "1": _("Your M-Pesa balance is not enough for %(amount)s to %(chama)s. Nothing was charged. "
           "Top up, then send PAY %(shillings)s."),
}
STK_OTHER = _("M-Pesa could not complete your payment of %(amount)s to %(chama)s (code %(code)s). "
              "Nothing was charged. Please try again later.")
STK_NOT_SENT = _("We could not send the M-Pesa prompt for %(amount)s to %(chama)s. Nothing was charged. "
                 "Please try again in a few minutes.")
STK_UNSURE = _("We could not confirm that the M-Pesa prompt for %(amount)s to %(chama)s reached your phone. "
               "If it did not come, send PAY %(shillings)s to try again. If you paid, your receipt will follow.")
COUNTED_AS_CONTRIBUTION = _("%(chama)s: M-Pesa %(receipt)s, %(amount)s from %(member)s, was paid as %(purpose)s "
                            "but was already counted as a contribution from the message they forwarded. It is "
                            "counted once; please move it by hand if needed.")
STK_HELD_AMOUNT = _("%(chama)s: M-Pesa said %(claimed)s for %(member)s's %(amount)s prompt %(checkout)s. "
                    "Held; asking M-Pesa. Check your statement.")
STK_HELD_RECEIPT = _("%(chama)s: M-Pesa %(receipt)s paid 2 prompts: %(first)s counted, %(second)s held. "
                     "Check your M-Pesa statement.")
PURPOSE_NAMES = {"loan_repayment": _("a loan repayment"), "saving": _("a saving"),
                 "subscription": _("the plan's renewal")}
OTHER_PURPOSE = _("something other than a contribution")
STK_BUSY = _("You already have an M-Pesa prompt open. Finish or cancel it, then send PAY %(shillings)s again.")
C2B_UNMATCHED = _("%(chama)s: %(amount)s from %(payer)s (M-Pesa %(receipt)s, account '%(account)s') "
                  "matches no member. Reply CREDIT %(receipt)s and the member's phone to credit it.")
PAYOUT_SENT = _("%(chama)s paid %(amount)s to %(recipient)s by M-Pesa %(receipt)s. Approved by %(approvers)s.")
PAYOUT_FAILED = _("%(chama)s: the payout of %(amount)s to %(recipient)s failed (%(reason)s). "
                  "It is still owed. Approve it again to retry.")
LOAN_SENT = _("%(chama)s: your loan of %(amount)s was sent to your M-Pesa (%(receipt)s). "
              "First instalment %(first)s due %(due)s.")
LOAN_SEND_FAILED = _("%(chama)s: the loan of %(amount)s to %(recipient)s could not be sent by M-Pesa "
                     "(%(reason)s). It is still approved and waits to be disbursed.")
LOAN_PAID_TWICE = _("%(chama)s: M-Pesa %(receipt)s sent %(amount)s to %(recipient)s for loan %(loan)s, "
                    "which was no longer waiting for its money. Please check the books and recover it.")
PAYOUT_NEEDS = _("%(chama)s: payout of %(amount)s to %(recipient)s approved by %(approvers)s. "
                 "It needs the chair's approval too: reply APPROVE PAYOUT %(payout)s or use the "
                 "treasurer menu.")


def language_of(conn: Connection, member_id: int) -> str:
    return conn.execute(select(members.c.language).where(members.c.id == member_id)).scalar() or "en"


def for_member(conn: Connection, member_id: int, msgid: str, **values: object) -> str:
    return translate(language_of(conn, member_id), msgid, **values)


def stk_outcome(code: str) -> str:
    return STK_OUTCOMES.get(code, STK_OTHER)

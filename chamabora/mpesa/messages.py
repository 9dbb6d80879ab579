"""Every SMS the M-Pesa side sends a member, in the member's language.

The English text is the msgid; Swahili lives in
`i18n/locale/sw/LC_MESSAGES/mpesa.po` with the rest of the catalogs.
STK outcomes are chosen by `ResultCode` alone, since Daraja's `ResultDesc`
wording varies.
"""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.i18n.gsm7 import gsm7_length
from chamabora.i18n.catalogs import _, translate
from chamabora.core.money import Money
from chamabora.services.labels import label
from chamabora.services.notices import ROLE_WORDS
from chamabora.services.records import members

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


def for_payer(conn: Connection, member_id: int, msgid: str, purpose: str | None, details: dict[str, object],
              amount: Money, **values: object) -> str:
    """A message about a prompt, in the member's language, naming the command that asks for it again."""
    return payer_text(language_of(conn, member_id), msgid, purpose, details, amount, **values)


def payer_text(language: str, msgid: str, purpose: str | None, details: dict[str, object], amount: Money,
               **values: object) -> str:
    values = {**values, "chama": label(str(values.get("chama", "")))}
    if values.get("receipt") is None and "receipt" in values:
        # resolved by asking M-Pesa, whose answer carries no code: say so rather than show our own id
        values["receipt"] = translate(language, CONFIRMED_NO_CODE)
    text = translate(language, msgid, amount=amount, again=again(language, purpose, details, amount), **values)
    if gsm7_length(text) > SMS and details.get("goal"):
        # a long goal name would split the SMS: the plain command still saves the money, untagged
        text = translate(language, msgid, amount=amount, again=again(language, purpose, {}, amount), **values)
    return text


def not_sent_reason(language: str, error_text: str, code: str) -> str:
    reason = next((msgid for field, msgid in NOT_SENT_REASONS if field in error_text), NOT_SENT_OTHER)
    return translate(language, reason, code=code)


def approvers_text(language: str, signers: list[tuple[str, str]]) -> str:
    """'Jane W. (mwenyekiti), Otieno O. (mweka hazina)': who signed, their roles in the reader's words."""
    return ", ".join(f"{label(name)} ({translate(language, ROLE_WORDS.get(role, role))})" for name, role in signers)


def language_of(conn: Connection, member_id: int) -> str:
    return conn.execute(select(members.c.language).where(members.c.id == member_id)).scalar() or "en"


NAMES = ("chama", "member", "payer")  # cut to 20 characters, so a notice fits one SMS; callers cut recipients


def for_member(conn: Connection, member_id: int, msgid: str, **values: object) -> str:
    shown = {k: label(v) if k in NAMES and isinstance(v, str) else v for k, v in values.items()}
    return translate(language_of(conn, member_id), msgid, **shown)


def stk_outcome(code: str) -> str:
    return STK_OUTCOMES.get(code, STK_OTHER)

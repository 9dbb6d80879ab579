"""What reminders, payout requests and officers' emails say, as gettext
msgids (English text); Swahili lives in
`i18n/locale/sw/LC_MESSAGES/reminders.po`. A reminder is built from
whole sentences, each translated on its own, so no language has to follow
English word order."""
from __future__ import annotations

from chamabora.i18n.catalogs import _, translate
from chamabora.core.money import Money
from chamabora.core.reminders import Owing

DUE_AHEAD = _("%(chama)s: your contribution of %(amount)s is due on %(due)s.")
DUE_TODAY = _("%(chama)s: your contribution of %(amount)s is due today.")
PAID_AHEAD = _("%(chama)s: your contribution for %(due)s is covered.")
BEHIND = _("You also owe %(arrears)s in arrears and %(fines)s in fines.")
PAY_BY_SMS = _("To pay %(total)s, reply PAY %(pay)s.")
PAY_BY_SMS_OR_USSD = _("To pay %(total)s, reply PAY %(pay)s or dial %(ussd)s.")
LOAN_AHEAD = _("%(chama)s: your loan instalment of %(amount)s is due on %(due)s. Reply REPAY %(pay)s to pay it.")
LOAN_TODAY = _("%(chama)s: your loan instalment of %(amount)s is due today. Reply REPAY %(pay)s to pay it.")
PAYOUT_READY = _("%(chama)s: cycle %(cycle)s closed. %(recipient)s gets %(net)s (pot %(gross)s less "
                 "%(netted)s owed). To pay by M-Pesa: APPROVE PAYOUT %(payout)s.")

STATEMENT_SUBJECT = _("%(chama)s statement for %(month)s")
STATEMENT_BODY = _("Attached is the statement of %(chama)s for %(month)s: %(members)s members, %(paid)s paid "
                   "in the month, %(owed)s owed in contributions and %(fines)s in fines.")
PAYOUT_FAILED_SUBJECT = _("%(chama)s: a payout failed")
PAYOUT_FAILED_BODY = _("The payout of %(amount)s to %(recipient)s failed (%(reason)s). It is still owed: "
                       "approve it again to retry.")
HELD_PAYMENT_SUBJECT = _("%(chama)s: a payment is waiting for you")
HELD_PAYMENT_BODY = _("M-Pesa payment %(receipt)s of %(amount)s from %(payer)s (account %(account)s) matched "
                      "no member. Assign it to the member who paid.")


def contribution_reminder(language: str, chama: str, owing: Owing, due: str, days_left: int,
                          pay: str, ussd: str | None) -> str:
    """One reminder: what is due for the cycle, what is behind, and the one step that pays it all."""
    amount = owing.this_cycle
    if amount.is_positive():
        first = translate(language, DUE_TODAY if days_left == 0 else DUE_AHEAD, chama=chama, amount=amount, due=due)
    else:
        first = translate(language, PAID_AHEAD, chama=chama, due=due)
    parts = [first]
    if owing.arrears.is_positive() or owing.fines.is_positive():
        parts.append(translate(language, BEHIND, arrears=owing.arrears, fines=owing.fines))
    how = PAY_BY_SMS_OR_USSD if ussd else PAY_BY_SMS
    parts.append(translate(language, how, total=owing.total, pay=pay, ussd=ussd or ""))
    return " ".join(parts)


def loan_reminder(language: str, chama: str, amount: Money, due: str, days_left: int, pay: str) -> str:
    return translate(language, LOAN_TODAY if days_left == 0 else LOAN_AHEAD,
                     chama=chama, amount=amount, due=due, pay=pay)

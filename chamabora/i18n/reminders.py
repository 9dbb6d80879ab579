"""What contribution and loan reminders say, as gettext msgids (English
text); Swahili lives in
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

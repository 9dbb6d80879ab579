"""The evidence behind a score, as short phrases a treasurer reads in an
SMS, in English or Swahili (locale/sw/LC_MESSAGES/fraud.po)."""
from __future__ import annotations

from collections.abc import Iterable

from chamabora.i18n.catalogs import _, translate

PHRASES = {
    "unrecognised": _("could not be read as an M-Pesa SMS"),
    "not_a_confirmation": _("not an M-Pesa confirmation"),
    "code_missing": _("no M-Pesa code"),
    "code_shape": _("the M-Pesa code has the wrong form"),
    "code_era": _("the code's form does not fit the date"),
    "code_date_mismatch": _("the code was issued on another date"),
    "date_future": _("dated in the future"),
    "recycled": _("sent more than 2 weeks after the payment"),
    "recipient_mismatch": _("paid to someone other than the chama"),
    "recipient_partial": _("the name and number of the payee disagree"),
    "receipt_exceeds_balance": _("the amount is more than the new balance"),
    "fuliza_sum_broken": _("the Fuliza sums do not add up"),
    "daily_limit_broken": _("the daily limit line does not fit the amount"),
    "daily_chain_broken": _("the daily limit does not follow their last SMS"),
    "balance_chain_broken": _("the balance does not follow their last SMS"),
    "cost_mismatch": _("the charge is wrong for that amount"),
    "balance_hidden": _("the balance is hidden"),
}
UNKNOWN = _("needs a check")   # a reason recorded by an earlier model


def phrases(reasons: Iterable[str], language: str) -> list[str]:
    """One phrase per reason, in order, without repeats."""
    seen: list[str] = []
    for reason in reasons:
        text = translate(language, PHRASES.get(reason, UNKNOWN))
        if text not in seen:
            seen.append(text)
    return seen

"""The top signals behind a score, as short phrases a treasurer reads in an
SMS, in English or Swahili (locale/sw/LC_MESSAGES/fraud.po)."""
from __future__ import annotations

from collections.abc import Iterable

from ..conversation.i18n import _, translate

PHRASES = {
    "grammar_broken": _("not worded like an M-Pesa SMS"),
    "not_a_confirmation": _("not an M-Pesa confirmation"),
    "code_missing": _("no M-Pesa code"),
    "code_shape": _("the M-Pesa code has the wrong form"),
    "code_era": _("the code's form does not fit the date"),
    "code_date_invalid": _("the code is not a real M-Pesa code"),
    "code_date_far": _("the code was issued on another date"),
    "date_future": _("dated in the future"),
    "date_stale": _("sent more than 3 days after the payment"),
    "date_very_stale": _("sent more than 2 weeks after the payment"),
    "recipient_mismatch": _("paid to someone other than the chama"),
    "recipient_partial": _("the name and number of the payee disagree"),
    "balance_missing": _("the balance is hidden"),
    "balance_chain_broken": _("the balance does not follow the member's last one"),
    "cost_mismatch": _("the charge is wrong for that amount"),
    "cost_missing": _("no transaction charge shown"),
    "daily_limit_broken": _("the daily limit line does not fit the amount"),
    "daily_line_missing": _("the daily limit line is missing"),
    "confirmed_no_stop": _("'Confirmed' written differently"),
    "code_lowercase": _("the code is in small letters"),
    "time_padded": _("the time is written differently"),
    "meridiem_lower": _("the time is written differently"),
    "date_padded": _("the date is written differently"),
    "amount_spaced": _("the amount is written differently"),
    "amount_no_cents": _("the amount is written differently"),
    "name_single_space": _("the name looks retyped"),
    "odd_characters": _("unusual characters"),
    "masked_value": _("the balance is hidden"),
    "wording": _("the wording differs from genuine M-Pesa SMS"),
}


def phrases(reasons: Iterable[str], language: str) -> list[str]:
    """One phrase per reason, in order, without repeats ("written differently" twice reads badly)."""
    seen: list[str] = []
    for reason in reasons:
        text = translate(language, PHRASES.get(reason, PHRASES["wording"]))
        if text not in seen:
            seen.append(text)
    return seen

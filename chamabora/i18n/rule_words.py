"""The chama's rules in words, English and Swahili (Swahili in
`i18n/locale/sw/LC_MESSAGES/rules.po`): one phrase per rule, used by
the change notice every member gets and by the `RULES` pages. Pure
formatting: the services and handlers that read the rules pass them in.

Phrases are short on purpose: a notice names the change in one SMS.
"""
from __future__ import annotations

from chamabora.i18n.catalogs import _, translate
from chamabora.core.chama import Frequency, RotationMode
from chamabora.core.money import Money

CONTRIBUTION = _("contribution %(amount)s %(frequency)s")
FREQUENCIES = {Frequency.DAILY.value: _("daily"), Frequency.WEEKLY.value: _("weekly"),
               Frequency.BIWEEKLY.value: _("every two weeks"), Frequency.MONTHLY.value: _("monthly")}
GRACE = _("grace %(days)s days")
NO_FINE = _("no fines")
FINE_FLAT = _("fine %(amount)s per late cycle")
FINE_PERCENT = _("fine %(percent)s of what is unpaid")
FINE_FLAT_DAILY = _("fine %(amount)s a day late")
FINE_PERCENT_DAILY = _("fine %(percent)s of the unpaid a day late")
FINE_CAP = _("at most %(cap)s")
ORDERS = {RotationMode.JOIN_ORDER.value: _("payout order: join order"),
          RotationMode.RANDOM_DRAW.value: _("payout order: random draw"),
          RotationMode.CHAIR_SET.value: _("payout order: set by the chair")}
LOAN_RATE = _("loans %(rate)s a month, %(method)s")
METHODS = {"reducing": _("reducing balance"), "flat": _("flat rate")}
LOAN_RATE_ONLY = _("loans %(rate)s a month")
LOAN_LIMIT = _("loan limit %(times)s times savings")
SAVINGS_RATE = _("savings interest %(rate)s a year")
VOTE_WITHDRAWALS = _("members vote on withdrawals above %(amount)s")
NO_VOTE_WITHDRAWALS = _("no vote on withdrawals")
VOTE_PAYOUTS = _("members vote on pots above %(amount)s")
NO_VOTE_PAYOUTS = _("no vote on pots")
QUORUM = _("vote quorum %(percent)s")


def percent(bp: int) -> str:
    whole, part = divmod(int(bp), 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


def fine_words(language: str, flat: int, percent_bp: int, per_day: bool, cap: int | None) -> str:
    if not flat and not percent_bp:
        return translate(language, NO_FINE)
    if flat:
        text = translate(language, FINE_FLAT_DAILY if per_day else FINE_FLAT, amount=Money(flat))
    else:
        text = translate(language, FINE_PERCENT_DAILY if per_day else FINE_PERCENT, percent=percent(percent_bp))
    return text + (", " + translate(language, FINE_CAP, cap=Money(cap)) if cap is not None else "")


def change_words(language: str, changes: dict[str, object], frequency: str, method: str) -> list[str]:
    """One phrase per rule the change touches, in a fixed order."""
    t, words = (lambda msgid, **v: translate(language, msgid, **v)), []
    if "contribution_cents" in changes:
        words.append(t(CONTRIBUTION, amount=Money(changes["contribution_cents"]),  # type: ignore[arg-type]
                       frequency=t(FREQUENCIES[frequency])))
    if "grace_days" in changes:
        words.append(t(GRACE, days=changes["grace_days"]))
    if "fine_flat_cents" in changes:
        words.append(fine_words(language, changes["fine_flat_cents"], changes["fine_percent_bp"],  # type: ignore[arg-type]
                                changes["fine_per_day"], changes["fine_cap_cents"]))  # type: ignore[arg-type]
    if "rotation_mode" in changes:
        words.append(t(ORDERS[str(changes["rotation_mode"])]))
    if "loan_rate_bp" in changes:
        rate = percent(changes["loan_rate_bp"])  # type: ignore[arg-type]
        chosen = str(changes.get("loan_method") or method)
        words.append(t(LOAN_RATE, rate=rate, method=t(METHODS[chosen])))
    if "loan_multiple" in changes:
        words.append(t(LOAN_LIMIT, times=changes["loan_multiple"]))
    if "savings_rate_bp" in changes:
        words.append(t(SAVINGS_RATE, rate=percent(changes["savings_rate_bp"])))  # type: ignore[arg-type]
    if "ratify_above_cents" in changes:
        above = changes["ratify_above_cents"]
        words.append(t(VOTE_WITHDRAWALS, amount=Money(above)) if above is not None else t(NO_VOTE_WITHDRAWALS))  # type: ignore[arg-type]
    if "payout_ratify_above_cents" in changes:
        above = changes["payout_ratify_above_cents"]
        words.append(t(VOTE_PAYOUTS, amount=Money(above)) if above is not None else t(NO_VOTE_PAYOUTS))  # type: ignore[arg-type]
    if "quorum_bp" in changes:
        words.append(t(QUORUM, percent=percent(changes["quorum_bp"])))  # type: ignore[arg-type]
    return words


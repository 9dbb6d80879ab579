"""A chama's rules as named settings, and what each setting may hold.

Every channel changes rules through the same names (the SMS grammar, the
USSD menus and the operator's `flask chama rules --set NAME=VALUE`), so the
checks live here once. Three families, applied at different moments
(services/chama/rule_changes.py):

- terms (contribution, grace, fine): from the opening of the next cycle;
- order (who receives the pot): from the next pot awarded;
- policy (loans, savings interest, votes): from the opening of the next cycle.

A new fine replaces the whole fine rule: `SET FINE 100` after `SET FINE 5%
PER DAY CAP 500` is a flat 100 per late cycle, with no cap.
"""
from __future__ import annotations

from collections.abc import Mapping

from chamabora.core.chama import RotationMode
from chamabora.core.errors import InvalidInput
from chamabora.core.loans import InterestMethod
from chamabora.core.phone import is_e164

TERMS = ("contribution_cents", "grace_days", "fine_flat_cents", "fine_percent_bp", "fine_per_day",
         "fine_cap_cents")
ORDER = ("rotation_mode", "chair_order")
POLICY = ("loan_rate_bp", "loan_method", "loan_multiple", "savings_rate_bp", "ratify_above_cents",
          "payout_ratify_above_cents", "quorum_bp", "vote_days")
NAMES = TERMS + ORDER + POLICY
FINE = ("fine_flat_cents", "fine_percent_bp", "fine_per_day", "fine_cap_cents")
# what a treasurer may change too: the money rules, not the chama's governance (amount, order, votes)
TREASURER_MAY = frozenset({"grace_days", *FINE, "loan_rate_bp", "loan_method", "loan_multiple", "savings_rate_bp"})

MAX_CONTRIBUTION_CENTS = 1_000_000 * 100
MAX_FINE_CENTS = 100_000 * 100
MAX_GRACE_DAYS = 60
MAX_LOAN_RATE_BP = 5_000        # 50% a month: above this is a typing slip, not a chama's rate
MAX_SAVINGS_RATE_BP = 5_000     # 50% a year
MAX_LOAN_MULTIPLE = 10
MAX_VOTE_DAYS = 30
MAX_CHAIR_ORDER = 60

_WHOLE = {"contribution_cents": (100, MAX_CONTRIBUTION_CENTS), "grace_days": (0, MAX_GRACE_DAYS),
          "fine_flat_cents": (0, MAX_FINE_CENTS), "fine_percent_bp": (0, 10_000),
          "loan_rate_bp": (0, MAX_LOAN_RATE_BP), "loan_multiple": (1, MAX_LOAN_MULTIPLE),
          "savings_rate_bp": (0, MAX_SAVINGS_RATE_BP), "quorum_bp": (1, 10_000), "vote_days": (1, MAX_VOTE_DAYS)}
_OPTIONAL = {"fine_cap_cents": MAX_FINE_CENTS, "ratify_above_cents": MAX_CONTRIBUTION_CENTS * 100,
             "payout_ratify_above_cents": MAX_CONTRIBUTION_CENTS * 100}


def family(name: str) -> str:
    return "terms" if name in TERMS else "order" if name in ORDER else "policy"


def check_changes(changes: Mapping[str, object]) -> None:
    """Refuse unknown names and values out of range, naming the setting (`setting` in the details)."""
    if not changes:
        raise InvalidInput("no rule to change", code_hint="unexpected_text")
    for name, value in changes.items():
        if name not in NAMES:
            raise InvalidInput("no such rule", setting=name, code_hint="unexpected_text")
        _check(name, value)
    flat, percent = changes.get("fine_flat_cents"), changes.get("fine_percent_bp")
    if flat and percent:
        raise InvalidInput("a fine is flat or a percentage, not both", setting="fine_flat_cents", code_hint="bad_rule")
    if changes.get("rotation_mode") == RotationMode.CHAIR_SET.value and not changes.get("chair_order"):
        raise InvalidInput("a chair's order lists the members", setting="chair_order", code_hint="bad_rule")
    if "chair_order" in changes and changes.get("rotation_mode") != RotationMode.CHAIR_SET.value:
        raise InvalidInput("a listed order is the chair's order", setting="rotation_mode", code_hint="bad_rule")


def _check(name: str, value: object) -> None:
    if name in _WHOLE:
        low, high = _WHOLE[name]
        _whole(name, value, low, high)
        if name == "contribution_cents" and value % 100:  # type: ignore[operator]
            raise InvalidInput("M-Pesa takes whole shillings", setting=name, code_hint="bad_rule")
    elif name in _OPTIONAL:
        if value is not None:
            _whole(name, value, 0, _OPTIONAL[name])
    elif name == "fine_per_day":
        if not isinstance(value, bool):
            raise InvalidInput("per day is yes or no", setting=name, code_hint="bad_rule")
    elif name == "loan_method":
        if value not in {m.value for m in InterestMethod}:
            raise InvalidInput("interest is flat or reducing", setting=name, code_hint="bad_rule")
    elif name == "rotation_mode":
        if value not in {m.value for m in RotationMode}:
            raise InvalidInput("order is join order, a random draw or the chair's", setting=name, code_hint="bad_rule")
    elif name == "chair_order":
        if (not isinstance(value, tuple) or not 0 < len(value) <= MAX_CHAIR_ORDER
                or len(set(value)) != len(value) or not all(isinstance(p, str) and is_e164(p) for p in value)):
            raise InvalidInput("the order lists members' phones once each", setting=name, code_hint="bad_rule")


def _whole(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{name} is a whole number from {low} to {high}", setting=name, code_hint="bad_rule")

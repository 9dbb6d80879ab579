"""The rule commands' part of the command transformer: the chair's `SET ...`,
`RULES`, `WITHDRAW`, `SHARE OUT` and decisions on W7 / S3.

The base of `CommandTransformer` (whose `v_args(inline=True)` covers these callbacks too): each rule becomes (setting, value) pairs
named as in `core.rules`, and `set_rules` builds the one command from them.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lark import Token, Transformer, v_args

from chamabora.core import commands as c
from chamabora.core.chama import RotationMode
from chamabora.core.loans import InterestMethod
from chamabora.core.money import Money

from chamabora.parser.command_build import build
from chamabora.parser.command_errors import ParseFailure

Pairs = tuple[tuple[str, object], ...]


class BasisPoints(int):
    """A percentage as read from the message, in hundredths of a percent."""


class PerDay:
    pass


class Cap:
    def __init__(self, amount: Money) -> None:
        self.cents = amount.cents


@v_args(inline=True)
class RuleTransformer(Transformer):
    def PERCENT(self, token: Token) -> BasisPoints:
        digits = "".join(ch for ch in str(token) if ch.isdigit() or ch == ".")
        try:
            return BasisPoints(int(Decimal(digits) * 100))
        except InvalidOperation as exc:  # "5..%" cannot reach here, but a parse never raises anything else
            raise ParseFailure("unexpected_text", "set_rules") from exc

    def RULE_PAGE(self, token: Token) -> int:
        return int(token)

    def DECISION_REF(self, token: Token) -> str:
        text = str(token).upper()
        return text[0] + str(int("".join(ch for ch in text if ch.isdigit())))

    ORDER_RANDOM = staticmethod(lambda _token: RotationMode.RANDOM_DRAW)
    ORDER_JOIN = staticmethod(lambda _token: RotationMode.JOIN_ORDER)
    METHOD_REDUCING = staticmethod(lambda _token: InterestMethod.REDUCING)
    METHOD_FLAT = staticmethod(lambda _token: InterestMethod.FLAT)
    VOTE_PAYOUT = staticmethod(lambda _token: "payout")
    VOTE_OFF = staticmethod(lambda _token: None)

    def fine_per_day(self) -> PerDay:
        return PerDay()

    def fine_cap(self, cap: Money) -> Cap:
        return Cap(cap)

    def fine_rule(self, value: Money | BasisPoints, *extras: PerDay | Cap) -> Pairs:
        percent = isinstance(value, BasisPoints)
        cap = next((e for e in extras if isinstance(e, Cap)), None)
        return (("fine_flat_cents", 0 if percent else value.cents),  # type: ignore[union-attr]
                ("fine_percent_bp", int(value) if percent else 0),
                ("fine_per_day", any(isinstance(e, PerDay) for e in extras)),
                ("fine_cap_cents", cap.cents if cap is not None else None))

    def grace_rule(self, days: int) -> Pairs:
        return (("grace_days", days),)

    def contribution_rule(self, amount: Money) -> Pairs:
        return (("contribution_cents", amount.cents),)

    def order_random(self, mode: RotationMode) -> Pairs:
        return (("rotation_mode", mode.value),)

    order_join = order_random

    def order_listed(self, *phones: str) -> Pairs:
        return (("rotation_mode", RotationMode.CHAIR_SET.value), ("chair_order", tuple(dict.fromkeys(phones))))

    def loan_rate_rule(self, rate: BasisPoints, method: InterestMethod | None = None) -> Pairs:
        pairs: Pairs = (("loan_rate_bp", int(rate)),)
        return pairs + ((("loan_method", method.value),) if method is not None else ())

    def loan_limit_rule(self, multiple: int) -> Pairs:
        return (("loan_multiple", multiple),)

    def savings_rate_rule(self, rate: BasisPoints) -> Pairs:
        return (("savings_rate_bp", int(rate)),)

    def vote_rule(self, *values: object) -> Pairs:
        payout = "payout" in values
        threshold = next((v for v in values if isinstance(v, Money)), None)
        name = "payout_ratify_above_cents" if payout else "ratify_above_cents"
        return ((name, threshold.cents if threshold is not None else None),)

    def quorum_rule(self, quorum: BasisPoints) -> Pairs:
        return (("quorum_bp", int(quorum)),)

    def set_rules(self, changes: Pairs, chama: str | None = None) -> c.Command:
        return build("set_rules", changes, chama)

    def show_rules(self, *values: int | str) -> c.Command:
        page = next((v for v in values if isinstance(v, int)), 1)
        chama = next((v for v in values if isinstance(v, str)), None)
        return build("show_rules", page, chama)

    def withdraw(self, amount: Money, chama: str | None = None) -> c.Command:
        return build("withdraw", amount, chama)

    def share_out(self, chama: str | None = None) -> c.Command:
        return build("share_out", chama)

    def approve_item(self, ref: str) -> c.Command:
        return build("approve_item", ref)

    def reject_item(self, ref: str) -> c.Command:
        return build("reject_item", ref)

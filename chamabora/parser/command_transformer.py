"""Turns the command grammar's parse into command dataclasses, while parsing.

Lark runs this transformer inline (LALR builds no tree): terminal methods
make domain values at the leaves (Money, E.164 phones, dates, enums) and
each intent rule gathers them into its command. A value with the right shape
but an impossible content (31/02/2027, PAY 0) raises `ParseFailure`.

"end of month" depends on the day the member sent it; the parser sets
`TODAY` around each parse because the inline transformer is built once.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lark import Token, Transformer, v_args

from chamabora.core import commands as c
from chamabora.core.chama import Frequency, Language, Role, normalize_join_code
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.core.phone import normalize_phone
from chamabora.core.subscriptions import Plan

from chamabora.parser.command_build import build
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.officer_transformer import OfficerTransformer
from chamabora.parser.rule_transformer import RuleTransformer

TODAY: ContextVar[date] = ContextVar("command_today")
NAIROBI = ZoneInfo("Africa/Nairobi")

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "mac": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6,
    "jul": 7, "aug": 8, "ago": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12,
}


@dataclass(frozen=True, slots=True)
class SaveChama:
    """The chama a SAVE names, kept apart from the goal's name until `save` builds the command."""

    code: str


def nairobi_today() -> date:
    return datetime.now(NAIROBI).date()


def _today() -> date:
    # parse_command always sets TODAY; a direct parser().parse gets Nairobi's date.
    return TODAY.get(None) or nairobi_today()


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _full_year(year: int) -> int:
    # Two-digit years are this century's: members write 31/1/27 for 2027.
    return 2000 + year if year < 100 else year


@v_args(inline=True)
class CommandTransformer(RuleTransformer, OfficerTransformer):
    def __init__(self, topic_of: Callable[[str], str | None]) -> None:
        super().__init__()
        self._topic_of = topic_of

    # Leaves: tokens become values as they are shifted.
    def AMOUNT(self, token: Token) -> Money:
        try:
            return Money.parse(str(token))
        except ChamaError as exc:
            raise ParseFailure("bad_amount") from exc

    def PHONE(self, token: Token) -> str:
        try:
            return normalize_phone(str(token))
        except ChamaError as exc:
            raise ParseFailure("bad_phone") from exc

    def CHAMA_REF(self, token: Token) -> str:
        try:
            return normalize_join_code(str(token))
        except ChamaError as exc:
            raise ParseFailure("bad_chama") from exc

    def CLAIM_CODE(self, token: Token) -> str:
        return str(token).upper()

    def NAME_WORD(self, token: Token) -> str:
        return str(token)

    def REST(self, token: Token) -> str:
        return str(token).strip()

    def LOAN_REF(self, token: Token) -> int:
        return int("".join(ch for ch in str(token) if ch.isdigit()))

    def PAYOUT_REF(self, token: Token) -> int:
        return int(str(token).lstrip("#"))

    def ITEM_REF(self, token: Token) -> str:
        # "loan 12" / "l-12" -> "L12"; "withdrawal 7" -> "W7"; "payout 5" / "mgao 5" -> "P5";
        # "12" stays "12" (the handler looks it up)
        text = str(token).casefold()
        digits = str(int("".join(ch for ch in text if ch.isdigit())))
        kind = "P" if text[0] == "m" else text[0].upper() if text[0] in "lwp" else ""
        return kind + digits

    def INT(self, token: Token) -> int:
        return int(token)

    def YEAR(self, token: Token) -> int:
        return int(token)

    def DAY(self, token: Token) -> int:
        return int(str(token).rstrip("stndrhSTNDRH"))

    def MONTH_NAME(self, token: Token) -> int:
        return _MONTHS[str(token)[:3].casefold()]

    def DATE_NUM(self, token: Token) -> date:
        day, month, year = (int(part) for part in str(token).replace("/", "-").replace(".", "-").split("-"))
        return self._date(_full_year(year), month, day)

    def END_OF_MONTH(self, _token: Token) -> date:
        today = _today()
        return last_day(today.year, today.month)

    def END_OF_YEAR(self, _token: Token) -> date:
        return date(_today().year, 12, 31)

    @staticmethod
    def _date(year: int, month: int, day: int) -> date:
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ParseFailure("bad_date", "set_goal") from exc

    def month_year(self, month: int, year: int) -> date:
        # "Jan 2027" means by the end of January: the last day of that month.
        return last_day(year, month)

    def day_month_year(self, day: int, month: int, year: int) -> date:
        return self._date(year, month, day)

    ROLE_CHAIR = staticmethod(lambda _token: Role.CHAIR)
    ROLE_TREASURER = staticmethod(lambda _token: Role.TREASURER)
    ROLE_SECRETARY = staticmethod(lambda _token: Role.SECRETARY)
    ROLE_MEMBER = staticmethod(lambda _token: Role.MEMBER)
    FREQ_DAILY = staticmethod(lambda _token: Frequency.DAILY)
    FREQ_WEEKLY = staticmethod(lambda _token: Frequency.WEEKLY)
    FREQ_BIWEEKLY = staticmethod(lambda _token: Frequency.BIWEEKLY)
    FREQ_MONTHLY = staticmethod(lambda _token: Frequency.MONTHLY)
    PLAN_STANDARD = staticmethod(lambda _token: Plan.STANDARD)
    PLAN_PREMIUM = staticmethod(lambda _token: Plan.PREMIUM)
    LANG_EN = staticmethod(lambda _token: Language.EN)
    LANG_SW = staticmethod(lambda _token: Language.SW)

    # Values made of several tokens.
    def name_to_end(self, *words: str) -> str:
        return " ".join(words)

    name_before_amount = name_before_by = name_to_end

    def months(self, count: int) -> int:
        return count

    def guarantors(self, *phones: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(phones))  # a phone typed twice names one guarantor

    # Intents: one callback per rule (and per alias of a reordered rule).
    def register(self, name: str) -> c.Command:
        return build("register", name)

    def create_chama(self, name: str, contribution: Money, frequency: Frequency = Frequency.MONTHLY) -> c.Command:
        # A chama without a stated frequency meets monthly, as most chamas do.
        return build("create_chama", name, contribution, frequency)

    def join_chama(self, code: str) -> c.Command:
        return build("join_chama", code)

    def invite(self, phone: str, chama: str | None = None) -> c.Command:
        return build("invite", phone, chama)

    def pay(self, amount: Money, chama: str | None = None) -> c.Command:
        return build("pay", amount, chama)

    def pay_chama_first(self, chama: str, amount: Money) -> c.Command:
        return build("pay", amount, chama)

    def check_balance(self, chama: str | None = None) -> c.Command:
        return build("check_balance", chama)

    def request_statement(self, chama: str | None = None) -> c.Command:
        return build("request_statement", chama)

    def next_turn(self, chama: str | None = None) -> c.Command:
        return build("next_turn", chama)

    def list_fines(self, chama: str | None = None) -> c.Command:
        return build("list_fines", chama)

    def request_loan(self, amount: Money, months: int, guarantors: tuple[str, ...] = ()) -> c.Command:
        return build("request_loan", amount, months, guarantors)

    def repay_loan(self, amount: Money, chama: str | None = None) -> c.Command:
        return build("repay_loan", amount, chama)

    def check_loan(self) -> c.Command:
        return build("check_loan")

    def upgrade(self, *values: Plan | int) -> c.Command:
        # the plan and the months are both optional; their types tell them apart
        plan = next((v for v in values if isinstance(v, Plan)), None)
        months = next((v for v in values if not isinstance(v, Plan)), 1)
        return build("upgrade", plan, months)

    def accept_guarantee(self, loan_id: int) -> c.Command:
        return build("accept_guarantee", loan_id)

    def decline_guarantee(self, loan_id: int) -> c.Command:
        return build("decline_guarantee", loan_id)

    def say_yes(self, ref: str | None = None) -> c.Command:
        return build("say_yes", ref)

    def say_no(self, ref: str | None = None) -> c.Command:
        return build("say_no", ref)

    def set_goal(self, name: str, target: Money, by: date) -> c.Command:
        return build("set_goal", name, target, by)

    def set_goal_amount_first(self, target: Money, name: str, by: date) -> c.Command:
        return build("set_goal", name, target, by)

    def save(self, amount: Money, *rest: str | SaveChama) -> c.Command:
        goal = next((r for r in rest if not isinstance(r, SaveChama)), None)
        chama = next((r.code for r in rest if isinstance(r, SaveChama)), None)
        return build("save", amount, goal, chama)

    def save_chama(self, code: str) -> SaveChama:
        return SaveChama(code)

    def DIGIT_CODE(self, token: Token) -> str:
        return self.CHAMA_REF(token)

    def save_name_first(self, goal: str, amount: Money) -> c.Command:
        return build("save", amount, goal)

    def approve_claim(self, code: str) -> c.Command:
        return build("approve_claim", code)

    def reject_claim(self, code: str, reason: str | None = None) -> c.Command:
        return build("reject_claim", code, reason or None)

    def credit_payment(self, code: str, phone: str) -> c.Command:
        return build("credit_payment", code, phone)

    def approve_payout(self, payout_id: int) -> c.Command:
        return build("approve_payout", payout_id)

    def reject_payout(self, payout_id: int) -> c.Command:
        return build("reject_payout", payout_id)

    def approve_loan(self, loan_id: int) -> c.Command:
        return build("approve_loan", loan_id)

    def reject_loan(self, loan_id: int) -> c.Command:
        return build("reject_loan", loan_id)

    def assign_role(self, phone: str, role: Role) -> c.Command:
        return build("assign_role", phone, role)

    def assign_role_first(self, role: Role, phone: str) -> c.Command:
        return build("assign_role", phone, role)

    def set_language(self, language: Language) -> c.Command:
        return build("set_language", language)

    def help(self, topic: str | None = None) -> c.Command:
        # "HELP 2" is the list's second page; an unknown topic gets the general list rather than a failure.
        if topic and topic.isdigit():
            return build("help", None, int(topic)) if 1 <= int(topic) <= 9 else build("help", None)
        return build("help", self._topic_of(topic) if topic else None)

    def opt_out(self) -> c.Command:
        return build("opt_out")

    def opt_in(self) -> c.Command:
        return build("opt_in")

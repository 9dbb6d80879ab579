"""The orders a member can give: one small frozen dataclass per intent.

The SMS/WhatsApp grammar and the USSD menus both end in these values, so each
command has exactly one handler. Names are imperatives (`RequestLoan`), fields
are already domain values: `Money` for amounts, E.164 strings for phones,
upper-case join codes for chamas, `datetime.date` for dates.

Construction checks what any channel could get wrong (a zero amount, a month
count out of range, a blank name) and raises the core's own errors; each
`InvalidInput` carries `code_hint` so a channel can name the problem. The
checks live in `command_checks`; the treasurer's orders about held M-Pesa
money and payouts (approve, reject, credit) in `treasurer_commands`, re-exported here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from chamabora.core.chama import Frequency, Language, Role
from chamabora.core.command_checks import (
    MAX_LOAN_MONTHS, MAX_RENEWAL_MONTHS, check_goal_fields, check_guarantors, check_item_ref, check_months,
    check_name, check_phone, check_positive, check_ref,
)
from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money
from chamabora.core.subscriptions import Plan
from chamabora.core.treasurer_commands import (ApproveClaim, ApproveLoan, ApprovePayout, CreditPayment, RejectClaim, RejectLoan,
                                 RejectPayout)
from chamabora.core.chama_commands import ApproveItem, RejectItem, SetRules, ShareOut, ShowRules, Withdraw
from chamabora.core.officer_commands import ListGoals, ListMembers, ListPending, ShowLog


@dataclass(frozen=True, slots=True)
class Register:
    intent: ClassVar[str] = "register"
    name: str

    def __post_init__(self) -> None:
        check_name(self.name)


@dataclass(frozen=True, slots=True)
class CreateChama:
    intent: ClassVar[str] = "create_chama"
    name: str
    contribution: Money
    frequency: Frequency = Frequency.MONTHLY

    def __post_init__(self) -> None:
        check_name(self.name)
        check_positive(self.contribution)


@dataclass(frozen=True, slots=True)
class JoinChama:
    intent: ClassVar[str] = "join_chama"
    code: str


@dataclass(frozen=True, slots=True)
class Invite:
    intent: ClassVar[str] = "invite"
    phone: str
    chama: str | None = None

    def __post_init__(self) -> None:
        check_phone(self.phone)


@dataclass(frozen=True, slots=True)
class Pay:
    """Contribute by STK push; `chama` picks one when the member has several."""

    intent: ClassVar[str] = "pay"
    amount: Money
    chama: str | None = None

    def __post_init__(self) -> None:
        check_positive(self.amount)


@dataclass(frozen=True, slots=True)
class CheckBalance:
    intent: ClassVar[str] = "check_balance"
    chama: str | None = None


@dataclass(frozen=True, slots=True)
class RequestStatement:
    intent: ClassVar[str] = "request_statement"
    chama: str | None = None
    page: int = 0  # 0 is the newest entries; USSD pages back with 98


@dataclass(frozen=True, slots=True)
class NextTurn:
    intent: ClassVar[str] = "next_turn"
    chama: str | None = None


@dataclass(frozen=True, slots=True)
class ListFines:
    intent: ClassVar[str] = "list_fines"
    chama: str | None = None


@dataclass(frozen=True, slots=True)
class RequestLoan:
    """`guarantors` are the phones (E.164) of members asked to back the part above the member's limit."""

    intent: ClassVar[str] = "request_loan"
    amount: Money
    months: int
    guarantors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_positive(self.amount)
        check_months(self.months, MAX_LOAN_MONTHS)
        check_guarantors(self.guarantors)


@dataclass(frozen=True, slots=True)
class RepayLoan:
    """REPAY 1000 (UMJ7K2): `chama` picks one when the member has several."""

    intent: ClassVar[str] = "repay_loan"
    amount: Money
    chama: str | None = None

    def __post_init__(self) -> None:
        check_positive(self.amount)


@dataclass(frozen=True, slots=True)
class CheckLoan:
    """LOAN / MKOPO alone: how the member's current loan stands."""

    intent: ClassVar[str] = "check_loan"


@dataclass(frozen=True, slots=True)
class Upgrade:
    """The chair renews or upgrades the plan; None means the current paid plan (or Standard)."""

    intent: ClassVar[str] = "upgrade"
    plan: Plan | None = None
    months: int = 1

    def __post_init__(self) -> None:
        if self.plan is Plan.FREE:
            raise InvalidInput("the Free plan is not bought", code_hint="unexpected_text")
        check_months(self.months, MAX_RENEWAL_MONTHS)


@dataclass(frozen=True, slots=True)
class AcceptGuarantee:
    """A member agrees to guarantee loan `loan_id` (shown to them as L<id>)."""

    intent: ClassVar[str] = "accept_guarantee"
    loan_id: int

    def __post_init__(self) -> None:
        check_ref(self.loan_id)


@dataclass(frozen=True, slots=True)
class DeclineGuarantee:
    intent: ClassVar[str] = "decline_guarantee"
    loan_id: int

    def __post_init__(self) -> None:
        check_ref(self.loan_id)


@dataclass(frozen=True, slots=True)
class SayYes:
    """YES / NDIO: confirm the member's loan quote, or answer a guarantee (L12) or a vote (W7, P5).

    `ref` is "L12", "W7", "P5", a bare "12", or None when only one thing awaits the member."""

    intent: ClassVar[str] = "say_yes"
    ref: str | None = None

    def __post_init__(self) -> None:
        check_item_ref(self.ref)


@dataclass(frozen=True, slots=True)
class SayNo:
    intent: ClassVar[str] = "say_no"
    ref: str | None = None

    def __post_init__(self) -> None:
        check_item_ref(self.ref)


@dataclass(frozen=True, slots=True)
class SetGoal:
    intent: ClassVar[str] = "set_goal"
    name: str
    target: Money
    by: date

    def __post_init__(self) -> None:
        check_goal_fields(self.name, self.target, self.by)


@dataclass(frozen=True, slots=True)
class SetGroupGoal(SetGoal):
    """GROUP GOAL Land 100000 BY 31/12/2027: an officer's goal for the whole chama, shared among the members."""

    intent: ClassVar[str] = "set_group_goal"


@dataclass(frozen=True, slots=True)
class Save:
    """Put money towards a goal; without `goal`, into the member's general savings. A chama's code
    as the last word (SAVE 500 UMJ7K2) picks the chama: in `chama` when it starts with a digit,
    else read as the goal's last word, which the handler tells apart."""

    intent: ClassVar[str] = "save"
    amount: Money
    goal: str | None = None
    chama: str | None = None

    def __post_init__(self) -> None:
        check_positive(self.amount)


@dataclass(frozen=True, slots=True)
class AssignRole:
    intent: ClassVar[str] = "assign_role"
    phone: str
    role: Role

    def __post_init__(self) -> None:
        check_phone(self.phone)


@dataclass(frozen=True, slots=True)
class SetLanguage:
    intent: ClassVar[str] = "set_language"
    language: Language


@dataclass(frozen=True, slots=True)
class Help:
    """`topic` is the intent asked about (e.g. "request_loan"), or None for the list, a `page` at a time."""

    intent: ClassVar[str] = "help"
    topic: str | None = None
    page: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.page, bool) or not isinstance(self.page, int) or not 1 <= self.page <= 9:
            raise InvalidInput("help pages 1 to 9", code_hint="bad_ref")


@dataclass(frozen=True, slots=True)
class OptOut:
    """STOP / ACHA: no more messages except replies to the member's own commands."""

    intent: ClassVar[str] = "opt_out"


@dataclass(frozen=True, slots=True)
class OptIn:
    intent: ClassVar[str] = "opt_in"


Command = (
    Register | CreateChama | JoinChama | Invite | Pay | CheckBalance | RequestStatement
    | NextTurn | ListFines | RequestLoan | RepayLoan | SetGoal | Save | ApproveClaim
    | RejectClaim | AssignRole | SetLanguage | Help | OptOut | OptIn | CheckLoan | Upgrade
    | AcceptGuarantee | DeclineGuarantee | SayYes | SayNo | CreditPayment | ApprovePayout | RejectPayout
    | SetRules | ShowRules | Withdraw | ShareOut | ApproveItem | RejectItem
    | ListMembers | ListPending | ShowLog | SetGroupGoal | ListGoals | ApproveLoan | RejectLoan
)

COMMAND_TYPES: tuple[type, ...] = Command.__args__
COMMANDS_BY_INTENT: dict[str, type] = {cls.intent: cls for cls in COMMAND_TYPES}


@dataclass(frozen=True, slots=True)
class ForwardConfirmation:
    """A member forwarded an M-Pesa confirmation SMS as proof of payment."""

    intent: ClassVar[str] = "forward_confirmation"
    text: str

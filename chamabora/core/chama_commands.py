"""Orders about the chama's rules and its savings: the chair's `SET ...` and
`RULES`, a member's `WITHDRAW`, the chair's `SHARE OUT`, and an officer's
decision on a withdrawal (W7) or a share-out (S3). Re-exported by `commands`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from chamabora.core.command_checks import check_positive
from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money
from chamabora.core.rules import check_changes

DECISION_KINDS = frozenset({"W", "S"})  # withdrawal, share-out
MAX_RULE_PAGES = 5


@dataclass(frozen=True, slots=True)
class SetRules:
    """`changes` are (setting, value) pairs named as in `core.rules`; `chama` picks one of several."""

    intent: ClassVar[str] = "set_rules"
    changes: tuple[tuple[str, object], ...]
    chama: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.changes, tuple):
            raise InvalidInput("changes are (name, value) pairs", code_hint="unexpected_text")
        check_changes(dict(self.changes))


@dataclass(frozen=True, slots=True)
class ShowRules:
    """RULES / SHERIA: the chama's rules, a page at a time (contributions, fines and order, loans, votes, changes to come)."""

    intent: ClassVar[str] = "show_rules"
    page: int = 1
    chama: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.page, bool) or not isinstance(self.page, int) or not 1 <= self.page <= MAX_RULE_PAGES:
            raise InvalidInput(f"pages 1 to {MAX_RULE_PAGES}", code_hint="bad_ref")


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Take money out of the member's savings, by M-Pesa once approved (or voted)."""

    intent: ClassVar[str] = "withdraw"
    amount: Money
    chama: str | None = None

    def __post_init__(self) -> None:
        check_positive(self.amount)


@dataclass(frozen=True, slots=True)
class ShareOut:
    """The chair proposes the share-out of everything saved and earned since the last one."""

    intent: ClassVar[str] = "share_out"
    chama: str | None = None


@dataclass(frozen=True, slots=True)
class ApproveItem:
    """An officer approves a withdrawal (`W7`) or a share-out (`S3`) named in our notice."""

    intent: ClassVar[str] = "approve_item"
    ref: str
    approve: ClassVar[bool] = True

    def __post_init__(self) -> None:
        check_decision_ref(self.ref)

    @property
    def kind(self) -> str:
        return self.ref[0]

    @property
    def number(self) -> int:
        return int(self.ref[1:])


@dataclass(frozen=True, slots=True)
class RejectItem:
    intent: ClassVar[str] = "reject_item"
    ref: str
    approve: ClassVar[bool] = False

    def __post_init__(self) -> None:
        check_decision_ref(self.ref)

    @property
    def kind(self) -> str:
        return self.ref[0]

    @property
    def number(self) -> int:
        return int(self.ref[1:])


def check_decision_ref(ref: str) -> None:
        if (not isinstance(ref, str) or ref[:1] not in DECISION_KINDS or not ref[1:].isdigit()
                or int(ref[1:]) < 1):
            raise InvalidInput("a reference is W or S and a number", code_hint="bad_ref")

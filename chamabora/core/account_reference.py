"""The account reference an M-Pesa prompt carries, one way for every money purpose.

Daraja takes an `AccountReference` of 1 to 12 letters or digits and shows it to
the member on the prompt (PROTOCOLS.md 5.2); anything else is refused before a
prompt is sent. So a reference is a short purpose word and the number of what
the money is for (`SAVE4`, `GOAL12`, `LOAN7`, `PLAN4`), or, for contributions
and the fines they pay, the chama's join code, the same account a member types
at the paybill.

The purpose a payment was for is kept with the prompt's CheckoutRequestID
(Daraja does not echo the reference in its callback); `read` turns a reference
back into its purpose and number, so a reference seen anywhere else (a C2B
notice's BillRefNumber, an operator's question) can be told apart too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LIMIT = 12
CONTRIBUTION, SAVING, GOAL, LOAN_REPAYMENT, SUBSCRIPTION = (
    "contribution", "saving", "goal", "loan_repayment", "subscription")
# one word per purpose; a goal's money is a saving whose number names the goal
WORDS = {SAVING: "SAVE", GOAL: "GOAL", LOAN_REPAYMENT: "LOAN", SUBSCRIPTION: "PLAN"}
PURPOSE_OF_WORD = {word: purpose for purpose, word in WORDS.items()}
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9]{1,12}$")
_NUMBERED = re.compile(r"^(" + "|".join(WORDS.values()) + r")([1-9][0-9]*)$")


@dataclass(frozen=True, slots=True)
class AccountReference:
    purpose: str
    number: int | None = None      # the chama, goal or loan; None for a contribution's join code
    code: str | None = None        # the join code of a contribution's chama

    def __str__(self) -> str:
        if self.purpose == CONTRIBUTION:
            return self.code or ""
        return f"{WORDS[self.purpose]}{self.number}"


def acceptable(reference: str) -> bool:
    """Daraja's own rule: 1 to 12 ASCII letters or digits (`str.isalnum` would let 'É' or '٣' through)."""
    return bool(_ACCEPTABLE.match(reference))


def reserved(join_code: str) -> bool:
    """A join code that would read as another purpose's reference (`LOAN7`) cannot name a chama."""
    return bool(_NUMBERED.match(join_code.upper()))


def contribution(join_code: str) -> str:
    return _checked(str(AccountReference(CONTRIBUTION, code=join_code.upper())))


def saving(chama_id: int, goal_id: int | None = None) -> str:
    """Savings into the member's pot in the chama, or towards a goal (their own or a group goal)."""
    return numbered(GOAL, goal_id) if goal_id else numbered(SAVING, chama_id)


def loan_repayment(loan_id: int) -> str:
    return numbered(LOAN_REPAYMENT, loan_id)


def subscription(chama_id: int) -> str:
    return numbered(SUBSCRIPTION, chama_id)


def numbered(purpose: str, number: int) -> str:
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"a {purpose} reference needs a positive number, not {number!r}")
    return _checked(str(AccountReference(purpose, number)))


def read(reference: str) -> AccountReference | None:
    """What a reference we built stands for; None for text that no builder here makes."""
    text = reference.strip().upper()
    if not acceptable(text):
        return None
    numbered_match = _NUMBERED.match(text)
    if numbered_match:
        return AccountReference(PURPOSE_OF_WORD[numbered_match.group(1)], int(numbered_match.group(2)))
    return AccountReference(CONTRIBUTION, code=text)


def _checked(reference: str) -> str:
    if not acceptable(reference):
        raise ValueError(f"{reference!r} is not 1 to {LIMIT} letters or digits")
    return reference

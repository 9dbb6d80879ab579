"""Member-ratified withdrawals: a large withdrawal or payout goes to every
member, who replies YES or NO (NDIO or HAPANA); it goes ahead only with the
chama's quorum.

The rule: of the members eligible to vote (active members, the requester
excluded), at least `quorum_bp` basis points, rounded up to a whole member,
must vote YES. The outcome is decided as soon as it is certain: PASSED once
enough YES votes are in, FAILED once so many have voted NO that the quorum
can no longer be reached; at the deadline anything undecided FAILS. A
member's later vote replaces their earlier one until the outcome is decided.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from chamabora.core.errors import InvalidInput

_YES = {"YES", "Y", "NDIO", "NDYO", "SAWA", "OK"}
_NO = {"NO", "N", "HAPANA", "LA"}


class Outcome(enum.StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


def parse_vote(text: str) -> bool | None:
    """True for YES/NDIO, False for NO/HAPANA, None for anything else."""
    words = (text or "").upper().split()
    word = re.sub(r"[^A-Z]", "", words[0]) if words else ""
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def required_yes(eligible: int, quorum_bp: int) -> int:
    if eligible < 1 or not 0 < quorum_bp <= 10000:
        raise InvalidInput("a vote needs voters and a quorum between 0 and 100%")
    return -(-eligible * quorum_bp // 10000)


@dataclass(frozen=True, slots=True)
class Tally:
    yes: int
    no: int
    eligible: int
    required: int
    outcome: Outcome


def tally(votes: dict[int, bool], eligible: int, quorum_bp: int, closed: bool = False) -> Tally:
    """Count one vote per member; `closed` means the deadline has passed."""
    need = required_yes(eligible, quorum_bp)
    yes = sum(1 for v in votes.values() if v)
    no = len(votes) - yes
    if yes >= need:
        outcome = Outcome.PASSED
    elif eligible - no < need or closed:
        outcome = Outcome.FAILED
    else:
        outcome = Outcome.PENDING
    return Tally(yes, no, eligible, need, outcome)


def needs_ratification(amount_cents: int, threshold_cents: int | None) -> bool:
    """A chama without a threshold never asks its members."""
    return threshold_cents is not None and amount_cents > threshold_cents

"""Who may sign money out (DESIGN.md section 5: nobody approves money to themselves).

The beneficiary of a payout, loan or withdrawal never signs it. When the
role a signature needs is held only by the beneficiary, another officer
signs in its place; a chama whose only officer is the beneficiary must name
a second officer before the money can leave.
"""
from __future__ import annotations

from collections.abc import Iterable

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.errors import Forbidden


class SelfApproval(Forbidden):
    code = "self_approval"


class NeedsSecondOfficer(Forbidden):
    code = "needs_second_officer"


def signing_officers(officers: Iterable[tuple[int, Role]], beneficiary: int) -> frozenset[Role]:
    """The money roles held by someone other than the beneficiary; NeedsSecondOfficer when there is none."""
    roles = frozenset(role for member, role in officers if member != beneficiary and role in MONEY_ROLES)
    if not roles:
        raise NeedsSecondOfficer("the beneficiary is the chama's only officer", beneficiary=beneficiary)
    return roles


def check_signer(signer: int, beneficiary: int, officers: Iterable[tuple[int, Role]]) -> None:
    """The beneficiary's own signature is refused, and told whether another officer exists to sign."""
    if signer == beneficiary:
        signing_officers(officers, beneficiary)
        raise SelfApproval("the beneficiary cannot approve money to themselves", beneficiary=beneficiary)


def payout_signatures(officers: Iterable[tuple[int, Role]], beneficiary: int, two: bool) -> tuple[str, ...]:
    """Roles that must sign a payout: the treasurer (the chair where no one else is treasurer), and the
    chair too when `two` (above the second-signatory threshold) and someone else holds each role."""
    roles = signing_officers(officers, beneficiary)
    first = Role.TREASURER if Role.TREASURER in roles else Role.CHAIR
    if two and first is Role.TREASURER and Role.CHAIR in roles:
        return (Role.TREASURER.value, Role.CHAIR.value)
    return (first.value,)

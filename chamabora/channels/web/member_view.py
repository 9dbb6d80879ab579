"""What a member sees of one chama at a glance, gathered from the services
the SMS `BAL`, `NEXT`, `LOAN` and `GOALS` replies read (one read-only pass),
and which of their chamas a page may show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, g, render_template
from sqlalchemy import Connection

from chamabora.i18n.catalogs import _
from chamabora.services.people.speakers import ChamaChoice, load_speaker_and_chamas
from chamabora.core.goals import GoalProgress
from chamabora.core.money import Money
from chamabora.services.savings import goals
from chamabora.services.lending import loan_repayments
from chamabora.services.payouts import payout_order
from chamabora.services.contributions import roll
from chamabora.services.savings import accounts as savings
from chamabora.services.ledger import statements
from chamabora.channels.web.access import services
from chamabora.channels.web.i18n import gettext

OFFICERS = ("chair", "treasurer", "secretary")
NOT_YOURS = (_("Not your chama"), _("You can see only the chamas you belong to."))


@dataclass(frozen=True, slots=True)
class GoalLine:
    name: str
    progress: GoalProgress


@dataclass(frozen=True, slots=True)
class ChamaView:
    chama: ChamaChoice
    due: date                    # this cycle's due date
    paid: Money                  # towards this cycle's contribution
    owes_contributions: Money    # due now, late ones included
    owes_fines: Money
    balance: statements.MemberBalance
    savings: Money
    loan: loan_repayments.LoanStatus | None
    goals: list[GoalLine]
    next_turn: payout_order.PayoutTurn | None
    my_turn: payout_order.PayoutTurn | None   # None: already received this round
    my_place: int                # 1 = next

    @property
    def owes(self) -> Money:
        return self.owes_contributions + self.owes_fines

    @property
    def officer(self) -> bool:
        return self.chama.role in OFFICERS


def refuse_others(bp: Blueprint) -> None:
    """A member's page about a chama they are not in says so, and nothing about that chama."""
    @bp.errorhandler(403)
    def not_yours(_error):  # type: ignore[no-untyped-def]
        return render_template("web/error.html", title=gettext(NOT_YOURS[0]), message=gettext(NOT_YOURS[1])), 403


def my_chamas() -> list[ChamaChoice]:
    _speaker, mine = services().only_reads(lambda conn: load_speaker_and_chamas(conn, g.member.phone))
    return mine


def my_chama(code: str) -> ChamaChoice:
    """One of the member's own chamas by its code; 403 otherwise, the same whether the chama exists or not."""
    found = next((c for c in my_chamas() if c.code.upper() == code.upper()), None)
    if found is None:
        abort(403)
    return found


def views(member_id: int, mine: list[ChamaChoice], today: date) -> list[ChamaView]:
    return services().only_reads(lambda conn: [view(conn, member_id, c, today) for c in mine])  # type: ignore[no-any-return]


def view(conn: Connection, member_id: int, choice: ChamaChoice, today: date) -> ChamaView:
    cycle = roll.member_standing(conn, choice.id, member_id, today)
    mine = cycle.standings[0]
    order = payout_order.payout_order(conn, choice.id, today)
    place = next((i for i, t in enumerate(order) if t.member_id == member_id), None)
    return ChamaView(
        chama=choice, due=cycle.due, paid=mine.paid, owes_contributions=mine.owes - mine.fines, owes_fines=mine.fines,
        balance=statements.member_balance(conn, choice.id, member_id),
        savings=savings.savings_balance(conn, choice.id, member_id),
        loan=loan_repayments.loan_status(conn, choice.id, member_id, today),
        goals=[GoalLine(name, goals.goal_progress(conn, goal_id, today, member_id))
               for goal_id, name in goals.member_goals(conn, choice.id, member_id)],
        next_turn=order[0] if order else None,
        my_turn=order[place] if place is not None else None, my_place=(place or 0) + 1)

"""Handlers for loans and savings goals (issue 8), and the subscription gate.

The gate is registered in the dispatcher's `GATES`, so plans are checked in
one place: a command whose feature the chama's plan lacks gets a reply
naming the plan that unlocks it and how to upgrade (UPGRADE / BORESHA).
Money moves only through M-Pesa prompts queued in the outbox; the M-Pesa
module records the confirmation (savings.record_saving, loan_repayments.repay_loan).
"""
from __future__ import annotations

from chamabora.core.commands import AcceptGuarantee, CheckLoan, DeclineGuarantee, RepayLoan, RequestLoan, Save, SetGoal
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.core.subscriptions import Feature
from chamabora.services.savings import goals
from chamabora.services.lending import loan_quotes
from chamabora.services.lending import loan_repayments
from chamabora.services.contributions import payment_prompts
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import subscriptions
from chamabora.services.lending.loans import LoanQuote
from chamabora.services.notices.money import member_name
from chamabora.services.lending.policy import load_policy
from chamabora.conversation.dispatcher import GATES, handles
from chamabora.i18n.members import (GOAL_SET, LOAN_NONE_TO_REPAY, LOAN_NONE_YET, LOAN_OVER_LIMIT, LOAN_QUOTED,
                                    LOAN_QUOTED_GUARANTEED, LOAN_REPAY_HINT, LOAN_REPAY_PROMPT, LOAN_REQUESTED,
                                    LOAN_RUNNING, LOAN_STATUS_WORDS, LOAN_WAITING, PLAN_NEEDED, SAVE_PROMPT)
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker

FEATURES = {RequestLoan: Feature.LOANS, RepayLoan: Feature.LOANS, CheckLoan: Feature.LOANS,
            AcceptGuarantee: Feature.LOANS, DeclineGuarantee: Feature.LOANS}


def plan_gate(turn: Turn, command: object) -> Reply | None:
    feature = FEATURES.get(type(command))
    if feature is None or turn.speaker is None:
        return None
    try:
        choice = turn.pick_chama(getattr(command, "chama", None))
    except ChamaError:
        return None  # the handler will give the precise refusal
    needed = subscriptions.plan_gate(turn.conn, choice.id, feature, turn.today)
    if needed is None:
        return None
    return Reply(turn.t(PLAN_NEEDED, chama=turn.label(choice.name), plan=needed.value.title()))


GATES.append(plan_gate)


@handles(RequestLoan)
def request_loan(turn: Turn, command: RequestLoan) -> Reply:
    """Quote only: the request is recorded when the member replies YES (handlers/answers.py)."""
    speaker = require_speaker(turn)
    choice = turn.pick_chama(None)
    quote = loan_quotes.offer_loan(turn.conn, choice.id, speaker.id, command.amount, command.months, turn.today,
                                   turn.inbound.received_at, command.guarantors)
    if quote.guarantee_needed.is_positive() and not quote.pledges:
        return Reply(turn.t(LOAN_OVER_LIMIT, limit=quote.limit, needed=quote.guarantee_needed,
                            times=load_policy(turn.conn, choice.id).loan_multiple))
    return Reply(quote_text(turn, quote, command.amount, command.months))


def quote_text(turn: Turn, quote: LoanQuote, amount: Money, months: int) -> str:
    first = quote.schedule.instalments[0]
    values = dict(amount=amount, months=months, interest=quote.schedule.total_interest,
                  total=quote.schedule.total, first=first.total, due=f"{first.due_on:%d/%m/%Y}")
    if not quote.pledges:
        return turn.t(LOAN_QUOTED, **values)
    # first names: the borrower knows whom they named, and two guarantors still fit one SMS
    pledges = ", ".join(f"{member_name(turn.conn, g).split()[0]} {pledge}" for g, pledge in quote.pledges)
    return turn.t(LOAN_QUOTED_GUARANTEED, needed=quote.guarantee_needed, pledges=pledges, **values)


@handles(CheckLoan)
def check_loan(turn: Turn, command: CheckLoan) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(None)
    status = loan_repayments.loan_status(turn.conn, choice.id, speaker.id, turn.today)
    if status is None:
        return Reply(turn.t(LOAN_NONE_YET))
    if status.status != "disbursed":
        return Reply(turn.t(LOAN_WAITING, loan=f"L{status.loan_id}", amount=status.principal,
                            status=turn.t(LOAN_STATUS_WORDS[status.status]), total=status.owed))
    due = f"{status.next_due:%d/%m/%Y}" if status.next_due else "-"
    text = turn.t(LOAN_RUNNING, loan=f"L{status.loan_id}", owed=status.owed, overdue=status.overdue,
                  next=status.next_amount, due=due)
    # a USSD screen has the repay menu a key away; an SMS says how
    return Reply(text if turn.compact else f"{text} {turn.t(LOAN_REPAY_HINT)}")


@handles(RepayLoan)
def repay_loan(turn: Turn, command: RepayLoan) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    loan_id = loan_repayments.current_loan(turn.conn, choice.id, speaker.id)
    if loan_id is None:
        return Reply(turn.t(LOAN_NONE_TO_REPAY))
    payment_prompts.ask_loan_repayment(turn.conn, speaker.id, speaker.phone, choice.id, loan_id, command.amount)
    return Reply(turn.t(LOAN_REPAY_PROMPT, amount=command.amount))


@handles(SetGoal)
def set_goal(turn: Turn, command: SetGoal) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(None)
    goal_id = goals.create_goal(turn.conn, choice.id, speaker.id, command.name, command.target, command.by,
                                turn.today)
    status = goals.goal_progress(turn.conn, goal_id, turn.today)
    return Reply(turn.t(GOAL_SET, goal=command.name, target=command.target, by=f"{command.by:%d/%m/%Y}",
                        per_week=status.per_week))


def chama_and_goal(turn: Turn, words: str | None) -> tuple[str | None, str | None]:
    """SAVE 500 UMJ7K2, SAVE 500 School fees UMJ7K2: a last word that is one of the member's chama codes
    names the chama (a member of several has no other way to say which); the rest names the goal."""
    if not words:
        return None, None
    *goal, last = words.split()
    if any(choice.code == last.upper() for choice in turn.my_chamas()):
        return last.upper(), " ".join(goal) or None
    return None, words


@handles(Save)
def save(turn: Turn, command: Save) -> Reply:
    speaker = require_speaker(turn)
    code, goal = chama_and_goal(turn, command.goal)
    choice = turn.pick_chama(command.chama or code)
    goal_id = goals.find_goal(turn.conn, choice.id, speaker.id, goal) if goal else None
    savings.request_saving(turn.conn, choice.id, speaker.id, command.amount, goal_id)
    return Reply(turn.t(SAVE_PROMPT, amount=command.amount))

"""Handlers for a member's answers: YES / NO (NDIO / HAPANA) and the guarantor's
ACCEPT GUARANTEE / DECLINE GUARANTEE (KUBALI DHAMANA / KATAA DHAMANA).

A bare YES confirms the member's open loan offer first (services/loan_quotes);
otherwise it answers the one thing waiting for them, a guarantee (L12), a
withdrawal vote (W7) or a payout vote (P5). With several waiting, the member
is asked to add the reference; a bare number is looked up among what waits
for them in that order, else as a withdrawal vote.
"""
from __future__ import annotations

from chamabora.core.commands import AcceptGuarantee, DeclineGuarantee, SayNo, SayYes
from chamabora.core.quorum import Outcome, Tally
from chamabora.services.lending import loan_quotes
from chamabora.services.lending import loans
from chamabora.services.payouts import payout_votes
from chamabora.services.savings import withdrawals
from chamabora.services.notices.money import OUTCOME_WORDS, member_name
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.gsm7 import gsm7_length
from chamabora.i18n.members import (ANSWER_NOTHING_WAITING, ANSWER_WHICH_ONE, GUARANTEE_ACCEPTED, GUARANTEE_DECLINED,
                                    LOAN_GUARANTORS_ASKED, LOAN_QUOTE_CANCELLED, LOAN_REQUESTED, LOAN_TERMS_CHANGED,
                                    PAYOUT_VOTE_DONE, PAYOUT_VOTE_LATE, VOTE_COUNTED, VOTE_DONE, VOTE_LATE)
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.lending import quote_text
from chamabora.conversation.handlers.people import require_speaker

SMS = 160


@handles(SayYes)
def say_yes(turn: Turn, command: SayYes) -> Reply:
    return _answer(turn, command.ref, True)


@handles(SayNo)
def say_no(turn: Turn, command: SayNo) -> Reply:
    return _answer(turn, command.ref, False)


@handles(AcceptGuarantee)
def accept_guarantee(turn: Turn, command: AcceptGuarantee) -> Reply:
    return _guarantee(turn, command.loan_id, True)


@handles(DeclineGuarantee)
def decline_guarantee(turn: Turn, command: DeclineGuarantee) -> Reply:
    return _guarantee(turn, command.loan_id, False)


def _answer(turn: Turn, ref: str | None, yes: bool) -> Reply:
    speaker = require_speaker(turn)
    if ref is None:
        offered = _answer_quote(turn, yes)
        if offered is not None:
            return offered
    waiting = [f"L{i}" for i in loans.pending_guarantees(turn.conn, speaker.id)]
    waiting += [f"W{i}" for i in withdrawals.open_votes(turn.conn, speaker.id)]
    waiting += [f"P{i}" for i in payout_votes.open_votes(turn.conn, speaker.id)]
    if ref is not None and ref.isdigit():
        # a bare number: whatever waits for the member by that number, else the withdrawal vote
        ref = next((kind + ref for kind in "LWP" if kind + ref in waiting), f"W{ref}")
    if ref is None:
        if not waiting:
            return Reply(turn.t(ANSWER_NOTHING_WAITING))
        if len(waiting) > 1:
            return Reply(turn.t(ANSWER_WHICH_ONE, refs=", ".join(waiting[:5]), first=waiting[0]))
        ref = waiting[0]
    if ref.startswith("L"):
        return _guarantee(turn, int(ref[1:]), yes)
    if ref.startswith("P"):
        return _payout_vote(turn, int(ref[1:]), yes)
    return _vote(turn, int(ref[1:]), yes)


def _answer_quote(turn: Turn, yes: bool) -> Reply | None:
    speaker = require_speaker(turn)
    now = turn.inbound.received_at
    offer = loan_quotes.pending_quote(turn.conn, speaker.id, now)
    if offer is None:
        return None
    if not yes:
        loan_quotes.drop_quote(turn.conn, offer.chama_id, speaker.id)
        return Reply(turn.t(LOAN_QUOTE_CANCELLED))
    done = loan_quotes.confirm_quote(turn.conn, speaker.id, turn.today, now)
    assert done is not None  # the offer was open a moment ago, in this transaction
    if done.loan_id is None:
        quote = quote_text(turn, done.quote, done.amount, done.months)
        changed = f"{turn.t(LOAN_TERMS_CHANGED)} {quote}"
        return Reply(changed if gsm7_length(changed) <= SMS else quote)  # the new quote is what must arrive
    first = done.quote.schedule.instalments[0]
    # with guarantors the SMS says who decides next instead of the instalment, so it stays one SMS
    return Reply(turn.t(LOAN_GUARANTORS_ASKED if done.quote.pledges else LOAN_REQUESTED, loan=f"L{done.loan_id}",
                        amount=done.amount, months=done.months, interest=done.quote.schedule.total_interest,
                        total=done.quote.schedule.total, first=first.total, due=f"{first.due_on:%d/%m/%Y}"))


def _guarantee(turn: Turn, loan_id: int, accept: bool) -> Reply:
    speaker = require_speaker(turn)
    loans.answer_guarantee(turn.conn, loan_id, speaker.id, accept)
    borrower = member_name(turn.conn, loans.borrower_of(turn.conn, loan_id))
    return Reply(turn.t(GUARANTEE_ACCEPTED if accept else GUARANTEE_DECLINED, loan=f"L{loan_id}",
                        borrower=borrower))


def _vote(turn: Turn, withdrawal_id: int, yes: bool) -> Reply:
    speaker = require_speaker(turn)
    result, counted = withdrawals.cast_vote(turn.conn, withdrawal_id, speaker.id, yes, turn.today)
    return _counted(turn, f"W{withdrawal_id}", result, VOTE_DONE if counted else VOTE_LATE)


def _payout_vote(turn: Turn, payout_id: int, yes: bool) -> Reply:
    speaker = require_speaker(turn)
    result, counted = payout_votes.cast_vote(turn.conn, payout_id, speaker.id, yes, turn.today)
    return _counted(turn, f"P{payout_id}", result, PAYOUT_VOTE_DONE if counted else PAYOUT_VOTE_LATE)


def _counted(turn: Turn, ref: str, result: Tally, decided: str) -> Reply:
    if result.outcome is Outcome.PENDING:
        return Reply(turn.t(VOTE_COUNTED, ref=ref, yes=result.yes, no=result.no))
    return Reply(turn.t(decided, ref=ref, outcome=turn.t(OUTCOME_WORDS[result.outcome.value]),
                        yes=result.yes, no=result.no))

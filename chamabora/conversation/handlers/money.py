"""Handlers for money: paying (an M-Pesa prompt, services/contributions/payment_prompts.py), balances,
statements, whose turn it is, and fines."""
from __future__ import annotations

from chamabora.core.commands import CheckBalance, ListFines, NextTurn, Pay, RequestStatement
from chamabora.core.money import Money
from chamabora.services.contributions import payment_prompts
from chamabora.services.ledger import statements
from chamabora.services.contributions.member_dues import next_due, unpaid_fines
from chamabora.services.payouts.payout_order import whose_turn
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.gsm7 import gsm7_length
from chamabora.i18n.members import (BALANCE_NEXT_DUE, FINES_AFTER_DUES, STATEMENT_ENTRY, STATEMENT_LINE_NAMES,
                                    STATEMENT_NO_OLDER, STATEMENT_OLDER, STATEMENT_UNVERIFIED)
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker
from chamabora.i18n.members import (BALANCE, BALANCE_CREDIT, BALANCE_PAYOUT, FINES_NONE, FINES_UNPAID, NEXT_POT,
                                    PAY_PROMPT, STATEMENT_EMPTY, STATEMENT_HEAD)

@handles(Pay)
def pay(turn: Turn, command: Pay) -> Reply:
    choice = turn.pick_chama(command.chama)
    speaker = require_speaker(turn)
    payment_prompts.ask_contribution(turn.conn, speaker.id, speaker.phone, choice.id, choice.code, command.amount)
    return Reply(turn.t(PAY_PROMPT, amount=command.amount, chama=turn.label(choice.name)))


@handles(CheckBalance, reads_only=True)
def check_balance(turn: Turn, command: CheckBalance) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    b = statements.member_balance(turn.conn, choice.id, speaker.id)
    parts = [turn.t(BALANCE,
                    chama=turn.label(choice.name), paid=b.contributed, dues=b.dues_owed, fines=b.fines_owed)]
    if b.credit:
        parts.append(turn.t(BALANCE_CREDIT, credit=b.credit))
    if b.payout_owed:
        parts.append(turn.t(BALANCE_PAYOUT, payout=b.payout_owed))
    # the date the welcome gave, read from the same schedule, so the two agree on any day
    due = turn.t(BALANCE_NEXT_DUE, due=f"{next_due(turn.conn, choice.id, speaker.id, turn.today):%d/%m/%Y}")
    fits = gsm7_length(" ".join([*parts, due])) <= (USSD_ROOM if turn.compact else SMS)
    return Reply(" ".join([parts[0], due, *parts[1:]] if fits else parts))


SMS = 160
USSD_ROOM = SMS - 16  # the screen's own line: 0 Back 00 Menu


STATEMENT_PAGE = 5


def unverified_mark(turn: Turn, line: statements.StatementLine) -> str:
    """Money counted from a forwarded confirmation that nobody has confirmed yet."""
    if not line.unverified:
        return ""
    return "*" if turn.compact else " " + turn.t(STATEMENT_UNVERIFIED)


@handles(RequestStatement, reads_only=True)
def request_statement(turn: Turn, command: RequestStatement) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    lines = statements.member_events(turn.conn, choice.id, speaker.id, limit=STATEMENT_PAGE + 1,
                                     skip=command.page * STATEMENT_PAGE)
    more, lines = len(lines) > STATEMENT_PAGE, lines[:STATEMENT_PAGE]
    if not lines:
        if command.page:
            return Reply(turn.t(STATEMENT_NO_OLDER))
        return Reply(turn.t(STATEMENT_EMPTY, chama=turn.label(choice.name)))
    rows = [f"{line.posted_at:%d/%m} {turn.t(STATEMENT_LINE_NAMES.get(line.kind, STATEMENT_ENTRY))} "
            f"{abs(line.amount.cents) // 100:,}{unverified_mark(turn, line)}" for line in lines]
    if turn.compact:  # the USSD menu already names the chama; five lines fill the screen
        return Reply("\n".join(rows + ([f"98 {turn.t(STATEMENT_OLDER)}"] if more else [])))
    return Reply(turn.t(STATEMENT_HEAD, chama=turn.label(choice.name)) + "\n" + "\n".join(rows))


@handles(NextTurn, reads_only=True)
def next_turn(turn: Turn, command: NextTurn) -> Reply:
    choice = turn.pick_chama(command.chama)
    upcoming = whose_turn(turn.conn, choice.id, turn.today)
    return Reply(turn.t(NEXT_POT,
                        chama=turn.label(choice.name), name=upcoming.name, due=upcoming.due.strftime("%d/%m/%Y")))


@handles(ListFines, reads_only=True)
def list_fines(turn: Turn, command: ListFines) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    fines = unpaid_fines(turn.conn, choice.id, speaker.id, turn.today)
    if fines is None:
        return Reply(turn.t(FINES_NONE, chama=turn.label(choice.name)))
    # a payment settles late contributions before fines, so the PAY that clears the fines covers both
    if fines.clears > fines.total:
        return Reply(turn.t(FINES_AFTER_DUES, chama=turn.label(choice.name), total=fines.total, count=fines.count,
                            dues=fines.clears - fines.total, shillings=-(-fines.clears.cents // 100)))
    return Reply(turn.t(FINES_UNPAID,
                        chama=turn.label(choice.name), total=fines.total, count=fines.count,
                        shillings=-(-fines.total.cents // 100)))



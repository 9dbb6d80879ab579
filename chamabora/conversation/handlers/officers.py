"""The officers' views: `MEMBERS` / `WANACHAMA` (who has paid this cycle and
who owes what), `PENDING` / `YANAYOSUBIRI` (everything waiting for this
officer, each with the reply that decides it) and `LOG` / `KUMBUKUMBU`
(the chama's last decisions). One SMS per page; the USSD officers' menu
shows the same lines a screen at a time.

Only the chair, treasurer and secretary see them; anyone else is told who
can. Reading changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.commands import ListMembers, ListPending, ShowLog
from chamabora.core.officer_commands import PagedView
from chamabora.core.money import Money
from chamabora.services.chama import decision_log
from chamabora.services.contributions import roll
from chamabora.services.chama import waiting
from chamabora.services.notices.money import OUTCOME_WORDS
from chamabora.services.chama.rules import short_name
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import translate
from chamabora.i18n.members import ROLE_NAMES
from chamabora.i18n.officers import (LOG_HEAD, LOG_MEMBERS_VOTE, LOG_MORE, LOG_NONE, LOG_WORDS, PENDING_APPROVE_AS,
                                     PENDING_HEAD, PENDING_MORE, PENDING_NOTHING, PENDING_OTHERWISE,
                                     PENDING_PAYOUT_VOTE, PENDING_WITHDRAWAL_VOTE, ROLL_CLEAR, ROLL_HEAD, ROLL_MORE,
                                     ROLL_OWES, ROLL_OWES_FINES, ROLL_PAID)
from chamabora.conversation.messages import Reply
from chamabora.conversation.pages import pack, page_of
from chamabora.services.chama.pending import list_pending
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.services.people.speakers import ChamaChoice
from chamabora.conversation.handlers.people import require_speaker

OFFICERS = ("chair", "treasurer", "secretary")
NAIROBI = ZoneInfo("Africa/Nairobi")
LOG_DEPTH = 30


def shillings(amount: Money) -> str:
    return str(amount).removeprefix("KES ")


# --- MEMBERS ------------------------------------------------------------------------------------------

def roll_lines(turn: Turn, choice: ChamaChoice) -> tuple[str, list[str]]:
    found = roll.cycle_roll(turn.conn, choice.id, turn.today)
    lines = []
    for s in found.standings:
        name = short_name(s.name)
        if s.settled:
            lines.append(turn.t(ROLL_PAID, name=name, amount=shillings(s.paid)) if s.paid.is_positive()
                         else turn.t(ROLL_CLEAR, name=name))
        elif s.fines.is_positive():
            lines.append(turn.t(ROLL_OWES_FINES, name=name, amount=shillings(s.owes), fines=shillings(s.fines)))
        else:
            lines.append(turn.t(ROLL_OWES, name=name, amount=shillings(s.owes)))
    head = turn.t(ROLL_HEAD, chama=turn.label(choice.name), due=f"{found.due:%d/%m/%Y}", paid=found.paid_count,
                  count=len(found.standings))
    return head, lines


@handles(ListMembers, reads_only=True)
def list_members(turn: Turn, command: ListMembers) -> Reply:
    return officers_view(turn, command, lambda choice: roll_lines(turn, choice), ROLL_MORE)


def officers_view(turn: Turn, command: PagedView, read: Callable[[ChamaChoice], tuple[str, list[str]] | str],
                  more: str) -> Reply:
    """One page of a view only officers see; `read` gives its heading and lines, or the text for none."""
    require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    if choice.role not in OFFICERS:
        return Reply(only(turn, choice, OFFICERS))
    found = read(choice)
    if isinstance(found, str):
        return Reply(found)
    head, lines = found
    return Reply(page_of(pack(head, lines, lambda n: turn.t(more, next=n)), command.page))


# --- PENDING ------------------------------------------------------------------------------------------

def pending_lines(turn: Turn, choice: ChamaChoice, member_id: int) -> list[str]:
    lines = []
    if choice.role in {r.value for r in MONEY_ROLES}:
        for item in list_pending(turn.conn, choice.id, turn.language):
            how = PENDING_APPROVE_AS.get(item.source)
            lines.append(f"{item.summary}: {turn.t(how, ref=item.ref) if how else turn.t(PENDING_OTHERWISE)}")
    return lines + vote_lines(turn, choice.id, member_id)


def vote_lines(turn: Turn, chama_id: int, member_id: int) -> list[str]:
    """The votes this officer has not cast yet, as any member sees them."""
    return [turn.t(PENDING_WITHDRAWAL_VOTE if vote.kind == "W" else PENDING_PAYOUT_VOTE,
                   name=short_name(vote.member), amount=vote.amount, ref=f"{vote.kind}{vote.number}")
            for vote in waiting.open_votes(turn.conn, chama_id, member_id)]


@handles(ListPending, reads_only=True)
def show_pending(turn: Turn, command: ListPending) -> Reply:
    speaker = require_speaker(turn)

    def read(choice: ChamaChoice) -> tuple[str, list[str]] | str:
        lines = pending_lines(turn, choice, speaker.id)
        if not lines:
            return turn.t(PENDING_NOTHING, chama=turn.label(choice.name))
        return turn.t(PENDING_HEAD, chama=turn.label(choice.name)), lines

    return officers_view(turn, command, read, PENDING_MORE)


# --- LOG ----------------------------------------------------------------------------------------------

def log_lines(turn: Turn, choice: ChamaChoice) -> list[str]:
    return [f"{_day(d.at)} {_words(turn, d)}" for d in decision_log.last_decisions(turn.conn, choice.id, LOG_DEPTH)]


def _words(turn: Turn, decision: decision_log.Decision) -> str:
    return decision_words(turn.language, decision)


def decision_words(language: str, decision: decision_log.Decision) -> str:
    """One decision in the officers' words (LOG, and the web's books)."""
    def t(msgid: str, **values: object) -> str:
        return translate(language, msgid, **values)

    values: dict[str, object] = {k: v for k, v in decision.detail.items() if isinstance(v, (str, int))}
    values["who"] = short_name(decision.actor) if decision.actor else t(LOG_MEMBERS_VOTE)
    if decision.action == "member.role":
        values["member"] = short_name(decision.subject or "?")
        values["role"] = t(ROLE_NAMES.get(str(decision.detail.get("role")), str(decision.detail.get("role"))))
    if decision.action.endswith("vote_decided"):
        values["outcome"] = t(OUTCOME_WORDS.get(str(decision.detail.get("outcome")), "?"))
    if "target" in values:
        values["target"] = Money(int(values["target"]))  # type: ignore[call-overload]
    try:
        return t(LOG_WORDS[decision.action], **values)
    except (KeyError, TypeError):
        return decision.action  # an older row without the detail this wording names


def _day(at: datetime) -> str:
    moment = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return f"{moment.astimezone(NAIROBI):%d/%m}"


@handles(ShowLog, reads_only=True)
def show_log(turn: Turn, command: ShowLog) -> Reply:
    def read(choice: ChamaChoice) -> tuple[str, list[str]] | str:
        lines = log_lines(turn, choice)
        if not lines:
            return turn.t(LOG_NONE, chama=turn.label(choice.name))
        return turn.t(LOG_HEAD, chama=turn.label(choice.name)), lines

    return officers_view(turn, command, read, LOG_MORE)

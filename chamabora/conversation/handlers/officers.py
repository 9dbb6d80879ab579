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
from chamabora.services import decision_log, roll, waiting
from chamabora.services.notices import OUTCOME_WORDS
from chamabora.services.rules import short_name
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import _, translate
from chamabora.conversation.messages import Reply
from chamabora.conversation.pages import pack, page_of
from chamabora.services.pending import list_pending
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.services.speakers import ChamaChoice
from chamabora.conversation.handlers.people import ROLE_NAMES, require_speaker

OFFICERS = ("chair", "treasurer", "secretary")
NAIROBI = ZoneInfo("Africa/Nairobi")
LOG_DEPTH = 30

ROLL_HEAD = _("%(chama)s, due %(due)s: %(paid)s of %(count)s paid.")
PAID = _("%(name)s paid %(amount)s")
CLEAR = _("%(name)s owes nothing")
OWES = _("%(name)s owes %(amount)s")
OWES_FINES = _("%(name)s owes %(amount)s (fines %(fines)s)")
ROLL_MORE = _("Send MEMBERS %(next)s for more.")

PENDING_HEAD = _("%(chama)s, waiting for you. Reply as shown (REJECT to refuse):")
NOTHING = _("%(chama)s: nothing is waiting for you.")
PENDING_MORE = _("Send PENDING %(next)s for more.")
APPROVE_AS = {"claims": _("APPROVE %(ref)s"), "payouts": _("APPROVE PAYOUT %(ref)s"),
              "loans": _("APPROVE LOAN %(ref)s"), "withdrawals": _("APPROVE W%(ref)s"),
              "shareouts": _("APPROVE S%(ref)s")}
OTHERWISE = _("on the USSD menu")
WITHDRAWAL_VOTE = _("Vote: %(name)s withdraws %(amount)s: YES %(ref)s or NO %(ref)s")
PAYOUT_VOTE = _("Vote: pot of %(amount)s for %(name)s: YES %(ref)s or NO %(ref)s")

LOG_HEAD = _("%(chama)s, last decisions:")
NO_LOG = _("%(chama)s: no decisions yet.")
LOG_MORE = _("Send LOG %(next)s for more.")
MEMBERS_VOTE = _("members")
LOG_WORDS = {
    "claim.approved": _("%(who)s approved payment %(code)s"),
    "claim.rejected": _("%(who)s rejected payment %(code)s"),
    "claim.confirmed": _("%(who)s confirmed payment %(code)s"),
    "payout.approved": _("%(who)s approved payout %(payout_id)s"),
    "payout.declined": _("%(who)s declined payout %(payout_id)s"),
    "loan.approved": _("%(who)s approved loan L%(loan_id)s"),
    "loan.rejected": _("%(who)s rejected loan L%(loan_id)s"),
    "withdrawal.approved": _("%(who)s approved withdrawal W%(withdrawal_id)s"),
    "withdrawal.rejected": _("%(who)s rejected withdrawal W%(withdrawal_id)s"),
    "shareout.proposed": _("%(who)s proposed share-out S%(shareout_id)s"),
    "shareout.approved": _("%(who)s approved share-out S%(shareout_id)s"),
    "shareout.rejected": _("%(who)s rejected share-out S%(shareout_id)s"),
    "withdrawal.vote_decided": _("withdrawal W%(withdrawal_id)s %(outcome)s by vote, %(yes)s-%(no)s"),
    "payout.vote_decided": _("payout %(payout_id)s %(outcome)s by vote, %(yes)s-%(no)s"),
    "rules.changed": _("%(who)s changed the rules"),
    "member.role": _("%(who)s made %(member)s %(role)s"),
    "goal.group_created": _("%(who)s set a group goal of %(target)s"),
}


def shillings(amount: Money) -> str:
    return str(amount).removeprefix("KES ")


# --- MEMBERS ------------------------------------------------------------------------------------------

def roll_lines(turn: Turn, choice: ChamaChoice) -> tuple[str, list[str]]:
    found = roll.cycle_roll(turn.conn, choice.id, turn.today)
    lines = []
    for s in found.standings:
        name = short_name(s.name)
        if s.settled:
            lines.append(turn.t(PAID, name=name, amount=shillings(s.paid)) if s.paid.is_positive()
                         else turn.t(CLEAR, name=name))
        elif s.fines.is_positive():
            lines.append(turn.t(OWES_FINES, name=name, amount=shillings(s.owes), fines=shillings(s.fines)))
        else:
            lines.append(turn.t(OWES, name=name, amount=shillings(s.owes)))
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
            how = APPROVE_AS.get(item.source)
            lines.append(f"{item.summary}: {turn.t(how, ref=item.ref) if how else turn.t(OTHERWISE)}")
    return lines + vote_lines(turn, choice.id, member_id)


def vote_lines(turn: Turn, chama_id: int, member_id: int) -> list[str]:
    """The votes this officer has not cast yet, as any member sees them."""
    return [turn.t(WITHDRAWAL_VOTE if vote.kind == "W" else PAYOUT_VOTE, name=short_name(vote.member),
                   amount=vote.amount, ref=f"{vote.kind}{vote.number}")
            for vote in waiting.open_votes(turn.conn, chama_id, member_id)]


@handles(ListPending, reads_only=True)
def show_pending(turn: Turn, command: ListPending) -> Reply:
    speaker = require_speaker(turn)

    def read(choice: ChamaChoice) -> tuple[str, list[str]] | str:
        lines = pending_lines(turn, choice, speaker.id)
        if not lines:
            return turn.t(NOTHING, chama=turn.label(choice.name))
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
    values["who"] = short_name(decision.actor) if decision.actor else t(MEMBERS_VOTE)
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
            return turn.t(NO_LOG, chama=turn.label(choice.name))
        return turn.t(LOG_HEAD, chama=turn.label(choice.name)), lines

    return officers_view(turn, command, read, LOG_MORE)

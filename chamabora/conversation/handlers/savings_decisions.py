"""A member's `WITHDRAW 2000` / `TOA 2000`, the chair's `SHARE OUT` / `GAWA`,
and an officer's `APPROVE W7` / `KATAA S3`.

Withdrawals and share-outs waiting for an officer are also items of the
pending list the USSD treasurer menu shows (sources "withdrawals" and
"shareouts"), so SMS and USSD decide them through the same functions. An
approved withdrawal or share-out line leaves by M-Pesa B2C.
"""
from __future__ import annotations

from datetime import datetime, time, timezone

from sqlalchemy import Connection

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.commands import ApproveItem, RejectItem, ShareOut, Withdraw
from chamabora.core.money import Money
from chamabora.core.savings import InsufficientSavings
from chamabora.core.schedule import today_in_nairobi
from chamabora.services import savings_waiting, shareout, withdrawals
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import _, translate
from chamabora.conversation.messages import Reply
from chamabora.services.pending import SOURCES, PendingItem, PendingSource, register_source
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker

VOTING = _("Request %(ref)s to withdraw %(amount)s goes to the members' vote until %(closes)s. You will get an "
           "SMS when it is decided.")
ASKED = _("Request %(ref)s to withdraw %(amount)s is with the treasurer. The money comes to your M-Pesa once "
          "approved.")
TOO_MUCH = _("You can withdraw up to %(available)s now (savings not pledged or already asked for).")
WHOLE = _("M-Pesa sends whole shillings up to KES 250,000, e.g. WITHDRAW 2000.")
PROPOSED = _("Share-out %(ref)s: %(total)s to %(count)s members (earned %(pool)s). Another officer must "
             "approve it: they were sent APPROVE %(ref)s.")
BLOCKED = {
    "nothing": _("Nothing is saved yet, so there is nothing to share out."),
    "cash": _("The chama's cash (%(cash)s) does not cover everyone's savings. Collect what is owed first."),
    "one_officer": _("Another officer must approve a share-out. Name a treasurer first: ROLE 0712345678 TREASURER."),
    "waiting": _("A share-out is already waiting for approval."),
    "loans": _("All loans must be repaid before the share-out."),
    "withdrawals": _("Withdrawals under way must finish before the share-out."),
    "changed": _("The chama's earnings changed since this share-out was proposed. Reject it and send SHARE OUT "
                 "again."),
}
WITHDRAWAL_ITEM = _("Withdraw %(amount)s for %(name)s")
SHAREOUT_ITEM = _("Share-out %(amount)s to %(count)s")
WITHDRAWAL_APPROVED = _("Approved. %(amount)s is on its way to %(name)s by M-Pesa.")
WITHDRAWAL_REJECTED = _("Withdrawal %(ref)s rejected; %(name)s has been told.")
SHAREOUT_APPROVED = _("Approved. Share-out %(ref)s is on its way by M-Pesa to %(count)s members.")
SHAREOUT_REJECTED = _("Share-out %(ref)s rejected. Nothing was paid.")
GONE = _("That item was already decided.")
NO_SUCH = _("There is no %(ref)s in your chama. Send PENDING to see what waits for you.")
B2C_MAX = Money.shillings(250_000)  # M-Pesa's ceiling for one payment to a phone
OWN_WITHDRAWAL = _("Withdrawal %(ref)s is yours, so another officer decides it.")
OWN_SHAREOUT = _("You proposed share-out %(ref)s, so another officer approves it.")


@handles(Withdraw)
def withdraw(turn: Turn, command: Withdraw) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    if command.amount.cents % 100 or command.amount > B2C_MAX:
        return Reply(turn.t(WHOLE))
    try:
        withdrawal_id = withdrawals.request_withdrawal(turn.conn, choice.id, speaker.id, command.amount, turn.today)
    except InsufficientSavings as short:
        return Reply(turn.t(TOO_MUCH, available=Money(max(int(short.details["available"]), 0))))  # type: ignore[call-overload]
    status, closes_on = savings_waiting.withdrawal_stage(turn.conn, withdrawal_id)
    values = {"ref": f"W{withdrawal_id}", "amount": command.amount}
    if status == "voting":
        return Reply(turn.t(VOTING, closes=f"{closes_on:%d/%m/%Y}", **values))
    return Reply(turn.t(ASKED, **values))


@handles(ShareOut)
def share_out(turn: Turn, command: ShareOut) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    if choice.role != Role.CHAIR.value:
        return Reply(only(turn, choice, ("chair",)))
    try:
        proposal = shareout.propose_share_out(turn.conn, choice.id, speaker.id, turn.today)
    except shareout.ShareOutBlocked as blocked:
        return Reply(blocked_text(turn.language, blocked))
    return Reply(turn.t(PROPOSED, ref=f"S{proposal.id}", total=proposal.total, count=proposal.members,
                        pool=proposal.pool))


def blocked_text(language: str, blocked: shareout.ShareOutBlocked) -> str:
    cash = blocked.details.get("cash")
    return translate(language, BLOCKED[str(blocked.details["reason"])],
                     **({"cash": Money(int(cash))} if cash is not None else {}))  # type: ignore[call-overload]


@handles(ApproveItem)
def approve_item(turn: Turn, command: ApproveItem) -> Reply:
    return Reply(_decide(turn, command.kind, command.number, approve=True))


@handles(RejectItem)
def reject_item(turn: Turn, command: RejectItem) -> Reply:
    return Reply(_decide(turn, command.kind, command.number, approve=False))


def _decide(turn: Turn, kind: str, number: int, approve: bool) -> str:
    speaker = require_speaker(turn)
    chama_id = savings_waiting.chama_of(turn.conn, kind, number)
    choice = next((c for c in turn.my_chamas() if c.id == chama_id), None)
    if chama_id is None or choice is None:
        return turn.t(NO_SUCH, ref=f"{kind}{number}")
    if choice.role not in {r.value for r in MONEY_ROLES}:
        return only(turn, choice, ("chair", "treasurer"))
    source = SOURCES["withdrawals" if kind == "W" else "shareouts"]
    return source.decide(turn.conn, chama_id, str(number), speaker.id, approve, turn.language)


# --- the pending list's sources --------------------------------------------------------------------

def list_withdrawals(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("withdrawals", str(r.id), translate(language, WITHDRAWAL_ITEM, amount=r.amount,
                                                            name=r.name[:20]),
                        datetime.combine(r.requested_on, time.min, timezone.utc))
            for r in savings_waiting.waiting_withdrawals(conn, chama_id)]


def decide_withdrawal(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    row = next((r for r in savings_waiting.waiting_withdrawals(conn, chama_id) if str(r.id) == ref), None)
    if row is None:
        return translate(language, GONE)
    values = {"amount": row.amount, "name": row.name[:20], "ref": f"W{row.id}"}
    if row.member_id == actor_id:
        return translate(language, OWN_WITHDRAWAL, **values)
    if approve:
        withdrawals.approve_withdrawal(conn, row.id, actor_id)
        return translate(language, WITHDRAWAL_APPROVED, **values)
    withdrawals.reject_withdrawal(conn, row.id, actor_id)
    return translate(language, WITHDRAWAL_REJECTED, **values)


def list_shareouts(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("shareouts", str(r.id), translate(language, SHAREOUT_ITEM, amount=r.total,
                                                          count=r.count), r.created_at)
            for r in savings_waiting.waiting_shareouts(conn, chama_id)]


def decide_shareout(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    row = next((r for r in savings_waiting.waiting_shareouts(conn, chama_id) if str(r.id) == ref), None)
    if row is None:
        return translate(language, GONE)
    if approve and row.proposed_by == actor_id:
        return translate(language, OWN_SHAREOUT, ref=f"S{row.id}")
    if not approve:
        shareout.reject_share_out(conn, row.id, actor_id)
        return translate(language, SHAREOUT_REJECTED, ref=f"S{row.id}")
    try:
        count = shareout.approve_share_out(conn, row.id, actor_id, today_in_nairobi(datetime.now(timezone.utc)))
    except shareout.ShareOutBlocked as blocked:
        return blocked_text(language, blocked)
    return translate(language, SHAREOUT_APPROVED, ref=f"S{row.id}", count=count)


register_source(PendingSource("withdrawals", list_withdrawals, decide_withdrawal))
register_source(PendingSource("shareouts", list_shareouts, decide_shareout))

"""What `HELP` / `MSAADA` lists: the commands this member can use, by their
role in the chama and its plan, one SMS per page ("HELP 2" for the next).

Each page is a msgid whose Swahili names the Swahili keywords, so a member
reads the commands in the words they write. A refused command's reply names
who can do it (refusals.py); this list only offers what will work.
"""
from __future__ import annotations

from chamabora.core.chama import Role
from chamabora.core.subscriptions import Feature
from chamabora.services import subscriptions
from chamabora.i18n.catalogs import _
from chamabora.conversation.turn import Turn

NEWCOMER = _("Send: REGISTER and your name, JOIN and a chama's code, or CREATE CHAMA Umoja 1000 MONTHLY. "
             "LANG SW for Kiswahili.")
NO_CHAMA = _("Send: JOIN and a chama's code, or CREATE CHAMA Umoja 1000 MONTHLY to start one. "
             "LANG SW for Kiswahili. STOP to stop notices.")
MEMBER = _("Send: PAY 500, BAL, STATEMENT, NEXT (whose turn), FINES, RULES, SAVE 500, WITHDRAW 500, "
           "GOAL School fees 20000 BY 31/12/2027, GOALS.")
MEMBER_MORE = _("Send: YES or NO and a reference (e.g. YES W7) to vote, LANG SW, STOP to stop notices, "
                "START to restart them. Or dial the USSD menu.")
LOANS = _("Loans: LOAN 5000 6 MONTHS asks for one, LOAN shows yours, REPAY 1000 pays it. Above your limit add "
          "GUARANTORS 0712345678.")
NO_LOANS = _("Loans (LOAN 5000 6 MONTHS, REPAY 1000) need the %(plan)s plan: the chair can send UPGRADE.")
TREASURER = _("Treasurer: APPROVE or REJECT W7 (withdrawal), S3 (share-out), PAYOUT 12, LOAN 12, or an M-Pesa "
              "code. SET FINE 100, SET GRACE 3, SET LOAN RATE 10% REDUCING.")
CHAIR = _("Chair: SET FINE 100, SET GRACE 3, SET CONTRIBUTION 1000, SET ORDER RANDOM, SET LOAN RATE 10% "
          "REDUCING, SET VOTE 5000, SHARE OUT.")
CHAIR_MORE = _("Chair: INVITE 0712345678, ROLE 0712345678 TREASURER, UPGRADE, and APPROVE or REJECT W7, S3, "
               "PAYOUT 12, LOAN 12 or an M-Pesa code.")
OFFICERS = _("Officers: MEMBERS (who has paid), PENDING (what waits for you), LOG (last decisions), GROUP GOAL "
             "Land 100000 BY 31/12/2027.")
SECRETARY = _("Secretary: MEMBERS (who has paid), PENDING (votes waiting for you), LOG (last decisions).")
MORE = _("Reply HELP %(next)s for more.")


def pages(turn: Turn) -> list[str]:
    """Each page's text in the member's language, without the 'more' line."""
    if turn.speaker is None:
        return [turn.t(NEWCOMER)]
    mine = turn.my_chamas()
    if not mine:
        return [turn.t(NO_CHAMA)]
    found = [turn.t(MEMBER), _loans_page(turn, [c.id for c in mine]), turn.t(MEMBER_MORE)]
    roles = {c.role for c in mine}
    if roles & {Role.CHAIR.value, Role.TREASURER.value}:
        found.append(turn.t(OFFICERS))
    elif Role.SECRETARY.value in roles:
        found.append(turn.t(SECRETARY))
    if Role.CHAIR.value in roles:
        found += [turn.t(CHAIR), turn.t(CHAIR_MORE)]
    elif Role.TREASURER.value in roles:
        found.append(turn.t(TREASURER))
    return found


def _loans_page(turn: Turn, chama_ids: list[int]) -> str:
    needed = [subscriptions.plan_gate(turn.conn, chama_id, Feature.LOANS, turn.today) for chama_id in chama_ids]
    if any(plan is None for plan in needed):
        return turn.t(LOANS)
    return turn.t(NO_LOANS, plan=needed[0].value.title())  # type: ignore[union-attr]


def page(turn: Turn, number: int) -> str:
    found = pages(turn)
    number = min(max(number, 1), len(found))
    text = found[number - 1]
    return text if number == len(found) else f"{text} {turn.t(MORE, next=number + 1)}"

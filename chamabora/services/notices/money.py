"""Notices the money rules send (loans, goals, votes, share-outs, defaults,
renewals), in each member's language. Swahili lives in
`i18n/locale/sw/LC_MESSAGES/loans.po` (the plan notices' in
`subscriptions.po`); a test checks every msgid here has it."""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import _
from chamabora.services.records import members, memberships

GUARANTEE_ASKED = _("%(chama)s: %(borrower)s asks you to guarantee %(pledge)s of a %(amount)s loan. "
                    "Reply YES %(loan)s to accept or NO %(loan)s to decline.")
LOAN_APPROVED = _("%(chama)s: your loan of %(amount)s is approved and coming to your M-Pesa. Interest "
                  "%(interest)s; first instalment %(first)s due %(due)s.")
LOAN_NEEDS_CHAIR = _("%(chama)s: loan L%(loan)s of %(amount)s to %(borrower)s is above "
                     "%(threshold)s, so it needs your approval too. Reply APPROVE LOAN %(loan)s.")
LOAN_REPAID = _("%(chama)s: your loan is fully repaid. Asante!")
DEFAULT_FLAGGED = _("%(chama)s: %(member)s has had the pot and is behind by %(late)s (fines %(fines)s). No "
                    "more payouts to them until they pay up.")
PAYOUT_HELD = _("%(chama)s: the pot of %(amount)s for %(member)s is held: they fell behind after having a "
                "pot. It can be approved once they catch up.")
VOTE_ASKED = _("%(chama)s: %(member)s asks to withdraw %(amount)s. Reply YES %(ref)s or NO %(ref)s "
               "(NDIO/HAPANA) by %(closes)s.")
VOTE_DECIDED = _("%(chama)s: the withdrawal of %(amount)s by %(member)s was %(outcome)s "
                 "(%(yes)s yes, %(no)s no).")
PAYOUT_VOTE_ASKED = _("%(chama)s: the pot of %(amount)s for %(member)s needs the members' vote before it "
                      "is sent. Reply YES %(ref)s or NO %(ref)s by %(closes)s.")
PAYOUT_VOTE_PASSED = _("%(chama)s: members approved the payout of %(amount)s to %(member)s (%(yes)s yes, "
                       "%(no)s no). It goes by M-Pesa once the treasurer has approved it.")
PAYOUT_VOTE_FAILED = _("%(chama)s: members voted against the payout of %(amount)s to %(member)s (%(yes)s "
                       "yes, %(no)s no). It is not sent; the chama still owes it.")
SHARE_OUT = _("%(chama)s share-out: your share of %(pool)s earned is %(share)s, added to your savings.")
GOAL_REMINDER = _("Goal %(goal)s: %(saved)s of %(target)s saved. Save %(per_week)s a week to reach it by %(by)s.")
RENEWAL_ASKED = _("%(chama)s: renew %(plan)s for %(months)s month(s) at %(amount)s. "
                  "Enter your M-Pesa PIN on the prompt.")
TRIAL_ENDING = _("%(chama)s: your trial ends %(ends)s. To keep loans and WhatsApp, send UPGRADE for the "
                 "%(plan)s plan, %(price)s a month, or it moves to Free.")
RENEWAL_DUE = _("%(chama)s: your %(plan)s plan is paid until %(ends)s. Send UPGRADE (BORESHA) to renew by M-Pesa, "
                "%(price)s a month.")
PLAN_IN_GRACE = _("%(chama)s: your %(plan)s plan ended on %(ends)s and keeps working until %(grace)s. Send "
                  "UPGRADE (BORESHA) to renew by M-Pesa, %(price)s a month.")

OUTCOME_WORDS = {"passed": _("approved"), "failed": _("not approved")}
ROLE_WORDS = {"chair": _("chair"), "treasurer": _("treasurer"), "secretary": _("secretary"), "member": _("member")}
TRANSLATED = frozenset(OUTCOME_WORDS.values()) | frozenset(ROLE_WORDS.values())
JOINED = _("%(chama)s: %(member)s joined, member %(count)s. Send MEMBERS to see who has paid.")
ROLE_GIVEN = _("%(chama)s: %(who)s made you %(role)s. Send HELP to see what you can do now.")
FINE_CHARGED = _("%(chama)s: a late fine of %(amount)s was added for the contribution due %(due)s. You owe "
                 "%(owed)s in all: send PAY %(shillings)s.")


def language_of(conn: Connection, member_id: int) -> str:
    return conn.execute(select(members.c.language).where(members.c.id == member_id)).scalar() or "en"


def officers(conn: Connection, chama_id: int, roles: tuple[str, ...] = ("chair", "treasurer")) -> list[int]:
    return list(conn.execute(select(memberships.c.member_id).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active",
        memberships.c.role.in_(roles)).order_by(memberships.c.join_seq)).scalars())


def member_name(conn: Connection, member_id: int) -> str:
    return conn.execute(select(members.c.name).where(members.c.id == member_id)).scalar_one()

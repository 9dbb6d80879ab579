"""Message templates a treasurer or chair reads (msgids; Swahili in the .po
catalogs), grouped by the workflow that sends them: held payment claims, the
officers' HELP pages, loans, withdrawals and share-outs waiting for a
decision, the treasurer's payout request when a cycle closes, and the
emails (monthly statement, a failed payout, a payment waiting to be
assigned)."""
from __future__ import annotations

from chamabora.i18n.catalogs import _

# Held and unverified payment claims (services/claims): the question to every decider, the replies to a
# decision, the pending list's line, and the evening digest of claims nobody has confirmed.
CLAIM_ASK_DECISION = _("%(chama)s: %(member)s's M-Pesa %(code)s, %(amount)s: %(reasons)s. APPROVE %(code)s or "
                       "REJECT %(code)s?")
CLAIM_APPROVED = _("Approved: %(amount)s from %(member)s (%(code)s) is now counted.")
CLAIM_REJECTED = _("Rejected: %(code)s from %(member)s. Nothing was added and the member has been told.")
CLAIM_CONFIRMED = _("Confirmed: %(amount)s from %(member)s (%(code)s) is now cash the chama can pay out.")
CLAIM_TAKEN_BACK = _("Rejected: %(amount)s from %(member)s (%(code)s) no longer counts. They owe it again "
                     "and have been told.")
CLAIM_ALREADY_DECIDED = _("Payment %(code)s was already decided: %(outcome)s.")
CLAIM_NONE = _("There is nothing waiting for approval with code %(code)s.")
CLAIM_NO_AMOUNT = _("Payment %(code)s shows no amount we can read, so it cannot be approved. Record it by hand if "
                    "the money arrived.")
CLAIM_PENDING_SUMMARY = _("%(code)s %(member)s %(amount)s, to check")
CLAIM_OUTCOMES = {"approved": _("approved"), "rejected": _("rejected"), "expired": _("expired"),
                  "verified": _("counted"), "unverified": _("counted")}
DIGEST_ONE = _("%(chama)s: %(amount)s from %(member)s, M-Pesa %(code)s %(day)s, is not confirmed. "
               "Reply APPROVE %(code)s if it came, else REJECT %(code)s.")
DIGEST_MANY = _("%(chama)s: not confirmed by M-Pesa:")
DIGEST_LINE = _("%(code)s %(amount)s %(member)s %(day)s")
DIGEST_REPLY = _("Reply APPROVE or REJECT and the code.")

# HELP / MSAADA pages for officers (conversation/help_pages.py), after the members' pages.
HELP_TREASURER = _("Treasurer: APPROVE or REJECT W7 (withdrawal), S3 (share-out), PAYOUT 12, LOAN 12, or an M-Pesa "
                   "code. SET FINE 100, SET GRACE 3, SET LOAN RATE 10% REDUCING.")
HELP_CHAIR = _("Chair: SET FINE 100, SET GRACE 3, SET CONTRIBUTION 1000, SET ORDER RANDOM, SET LOAN RATE 10% "
               "REDUCING, SET VOTE 5000, SHARE OUT.")
HELP_CHAIR_MORE = _("Chair: INVITE 0712345678, ROLE 0712345678 TREASURER, UPGRADE, and APPROVE or REJECT W7, S3, "
                    "PAYOUT 12, LOAN 12 or an M-Pesa code.")
HELP_OFFICERS = _("Officers: MEMBERS (who has paid), PENDING (what waits for you), LOG (last decisions), GROUP GOAL "
                  "Land 100000 BY 31/12/2027.")
HELP_SECRETARY = _("Secretary: MEMBERS (who has paid), PENDING (votes waiting for you), LOG (last decisions).")

# Loan requests waiting for an officer (services/lending/loan_waiting.py, conversation/handlers/loan_decisions.py):
# the pending list's line, the replies to APPROVE LOAN / REJECT LOAN, and a loan that is not theirs to decide yet.
LOAN_PENDING_SUMMARY = _("Loan %(amount)s, %(months)s months to %(name)s")
LOAN_DECIDED_APPROVED = _("Approved. Loan %(loan)s will be sent by M-Pesa.")
LOAN_DECIDED_NEEDS_OTHER = _("Approved. Loan %(loan)s now needs the second approval.")
LOAN_DECIDED_REJECTED = _("Loan %(loan)s rejected.")
ALREADY_DECIDED = _("That item was already decided.")
LOAN_UNKNOWN = _("No loan L%(loan)s is waiting in your chama. Check the number in our message.")
LOAN_GUARANTORS_FIRST = _("Loan L%(loan)s waits for its guarantors to accept. You will get an SMS when it is ready "
                          "for you.")
LOAN_ALREADY = {"approved": _("Loan L%(loan)s is already approved, so nothing changed."),
                "disbursed": _("Loan L%(loan)s was already sent, so nothing changed."),
                "repaid": _("Loan L%(loan)s is already repaid, so nothing changed."),
                "rejected": _("Loan L%(loan)s was already rejected, so nothing changed.")}

# Withdrawals (W7) and share-outs (S3) waiting for an officer (services/savings/savings_waiting.py,
# conversation/handlers/savings_decisions.py): the chair's SHARE OUT, the pending list's lines, the replies to
# APPROVE / REJECT.
SHAREOUT_PROPOSED = _("Share-out %(ref)s: %(total)s to %(count)s members (earned %(pool)s). Another officer must "
                      "approve it: they were sent APPROVE %(ref)s.")
SHAREOUT_BLOCKED = {
    "nothing": _("Nothing is saved yet, so there is nothing to share out."),
    "cash": _("The chama's cash (%(cash)s) does not cover everyone's savings. Collect what is owed first."),
    "one_officer": _("Another officer must approve a share-out. Name a treasurer first: ROLE 0712345678 TREASURER."),
    "waiting": _("A share-out is already waiting for approval."),
    "loans": _("All loans must be repaid before the share-out."),
    "withdrawals": _("Withdrawals under way must finish before the share-out."),
    "changed": _("The chama's earnings changed since this share-out was proposed. Reject it and send SHARE OUT "
                 "again."),
}
WITHDRAWAL_PENDING_SUMMARY = _("Withdraw %(amount)s for %(name)s")
SHAREOUT_PENDING_SUMMARY = _("Share-out %(amount)s to %(count)s")
WITHDRAWAL_DECIDED_APPROVED = _("Approved. %(amount)s is on its way to %(name)s by M-Pesa.")
WITHDRAWAL_DECIDED_REJECTED = _("Withdrawal %(ref)s rejected; %(name)s has been told.")
SHAREOUT_DECIDED_APPROVED = _("Approved. Share-out %(ref)s is on its way by M-Pesa to %(count)s members.")
SHAREOUT_DECIDED_REJECTED = _("Share-out %(ref)s rejected. Nothing was paid.")
ITEM_NO_SUCH = _("There is no %(ref)s in your chama. Send PENDING to see what waits for you.")
OWN_WITHDRAWAL = _("Withdrawal %(ref)s is yours, so another officer decides it.")
OWN_SHAREOUT = _("You proposed share-out %(ref)s, so another officer approves it.")

# A withdrawal asked for, told to the officers (services/savings/withdrawals.py).
WITHDRAWAL_ASKED = _("%(chama)s: %(member)s asks to withdraw %(amount)s from savings (%(ref)s). "
                     "Reply APPROVE %(ref)s or REJECT %(ref)s.")

# A share-out proposed, told to the other officers, and turned down, told to its proposer (services/savings/shareout.py).
SHAREOUT_ASKED = _("%(chama)s: share-out %(ref)s by %(who)s, %(total)s to %(count)s members (earned %(pool)s). "
                   "APPROVE %(ref)s or REJECT %(ref)s?")
SHAREOUT_REJECTED = _("%(chama)s: share-out %(ref)s was not approved by %(who)s. Nothing was paid.")

# The officers' views (conversation/handlers/officers.py), one SMS per page: MEMBERS (the roll), PENDING (what
# waits for this officer, and how to answer each) and LOG (the last decisions, one line each).
ROLL_HEAD = _("%(chama)s, due %(due)s: %(paid)s of %(count)s paid.")
ROLL_PAID = _("%(name)s paid %(amount)s")
ROLL_CLEAR = _("%(name)s owes nothing")
ROLL_OWES = _("%(name)s owes %(amount)s")
ROLL_OWES_FINES = _("%(name)s owes %(amount)s (fines %(fines)s)")
ROLL_MORE = _("Send MEMBERS %(next)s for more.")
PENDING_HEAD = _("%(chama)s, waiting for you. Reply as shown (REJECT to refuse):")
PENDING_NOTHING = _("%(chama)s: nothing is waiting for you.")
PENDING_MORE = _("Send PENDING %(next)s for more.")
PENDING_APPROVE_AS = {"claims": _("APPROVE %(ref)s"), "payouts": _("APPROVE PAYOUT %(ref)s"),
                      "loans": _("APPROVE LOAN %(ref)s"), "withdrawals": _("APPROVE W%(ref)s"),
                      "shareouts": _("APPROVE S%(ref)s")}
PENDING_OTHERWISE = _("on the USSD menu")
PENDING_WITHDRAWAL_VOTE = _("Vote: %(name)s withdraws %(amount)s: YES %(ref)s or NO %(ref)s")
PENDING_PAYOUT_VOTE = _("Vote: pot of %(amount)s for %(name)s: YES %(ref)s or NO %(ref)s")
LOG_HEAD = _("%(chama)s, last decisions:")
LOG_NONE = _("%(chama)s: no decisions yet.")
LOG_MORE = _("Send LOG %(next)s for more.")
LOG_MEMBERS_VOTE = _("members")
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

# An officer's GROUP GOAL (conversation/handlers/group_goals.py).
GROUP_GOAL_SET = _("Group goal %(goal)s set: %(target)s by %(by)s, %(share)s each for %(count)s members. Everyone "
                   "has been told.")
GROUP_GOAL_PAST = _("A goal's date must be after today, e.g. GROUP GOAL Land 100000 BY 31/12/2027.")
GROUP_GOAL_TAKEN = _("%(chama)s already has a goal called %(goal)s. Choose another name.")

# The chair's SET ... (conversation/handlers/rules.py): the rules changed, and every member told.
RULES_DONE = _("Done. From %(when)s: %(rules)s. Every member has been told.")
RULES_DONE_NOW = _("Done: %(rules)s. Every member has been told.")

# The chair's UPGRADE / BORESHA (conversation/handlers/plans.py).
UPGRADE_PROMPT = _("An M-Pesa prompt for %(amount)s for the %(plan)s plan (%(months)s month(s)) for "
                   "%(chama)s is coming. Enter your M-Pesa PIN to pay.")
UPGRADE_ALREADY_ASKED = _("The M-Pesa prompt for this renewal was already sent today. Check your phone, "
                          "or try again tomorrow.")

# The chair's ROLE 0712345678 TREASURER (conversation/handlers/people.py).
ROLE_ASSIGNED = _("%(phone)s is now %(role)s of %(chama)s.")

# The treasurer's payout request when a cycle closes (schedule/closing.py), and the officers' emails
# (services/notices: statements, alerts); these are in reminders.po.
PAYOUT_READY = _("%(chama)s: cycle %(cycle)s closed. %(recipient)s gets %(net)s (pot %(gross)s less "
                 "%(netted)s owed). To pay by M-Pesa: APPROVE PAYOUT %(payout)s.")

STATEMENT_SUBJECT = _("%(chama)s statement for %(month)s")
STATEMENT_BODY = _("Attached is the statement of %(chama)s for %(month)s: %(members)s members, %(paid)s paid "
                   "in the month, %(owed)s owed in contributions and %(fines)s in fines.")
PAYOUT_FAILED_SUBJECT = _("%(chama)s: a payout failed")
PAYOUT_FAILED_BODY = _("The payout of %(amount)s to %(recipient)s failed (%(reason)s). It is still owed: "
                       "approve it again to retry.")
HELD_PAYMENT_SUBJECT = _("%(chama)s: a payment is waiting for you")
HELD_PAYMENT_BODY = _("M-Pesa payment %(receipt)s of %(amount)s from %(payer)s (account %(account)s) matched "
                      "no member. Assign it to the member who paid.")

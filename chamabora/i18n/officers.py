"""Message templates a treasurer or chair reads (msgids; Swahili in the .po
catalogs), grouped by the workflow that sends them."""
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

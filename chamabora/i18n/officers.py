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

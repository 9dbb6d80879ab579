"""Message templates a member reads (msgids; Swahili in the .po catalogs),
grouped by the workflow that sends them."""
from __future__ import annotations

from chamabora.i18n.catalogs import _

# Forwarded M-Pesa confirmations (services/claims): the reply to the forward, and what the member is told
# once a treasurer decides or the hold runs out. A hold never accuses: it is "pending until checked".
CLAIM_VERIFIED = _("Thank you. M-Pesa payment %(code)s of %(amount)s is confirmed and counted.")
CLAIM_UNVERIFIED = _("Thank you. M-Pesa payment %(code)s of %(amount)s is counted. It is marked unverified until "
                     "your treasurer sees it on the M-Pesa statement.")
CLAIM_HELD = _("Thank you. We received M-Pesa payment %(code)s of %(amount)s. It is held as pending until it is "
               "checked; we will tell you when it counts.")
CLAIM_HELD_UNREAD = _("We received your message but could not read it as an M-Pesa SMS. It is held for your "
                      "treasurer to check. If you can, forward the SMS from M-PESA as it came.")
CLAIM_HELD_IMAGE = _("We received your receipt picture. It is held until your treasurer checks it. Forwarding the "
                     "M-Pesa SMS itself is faster.")
CLAIM_ALREADY = _("We already have M-Pesa payment %(code)s. It is being checked: no need to send it again.")
CLAIM_DUPLICATE = _("M-Pesa code %(code)s was already used in another payment claim, so it cannot count again. If "
                    "this is a mistake, talk to your treasurer.")
CLAIM_DEAD = _("M-Pesa code %(code)s was checked and not accepted, so it cannot be used again in any chama. If you "
               "paid, talk to your treasurer.")
CLAIM_NOT_A_PAYMENT = _("That M-Pesa message is not a payment. Forward the confirmation of your payment to the "
                        "chama.")
CLAIM_NOT_MPESA = _("That is not an M-Pesa message. Forward the SMS from M-PESA exactly as you received it.")
CLAIM_APPROVED = _("Your M-Pesa payment %(code)s of %(amount)s was approved by your treasurer and is now counted.")
CLAIM_CONFIRMED = _("Your M-Pesa payment %(code)s of %(amount)s was confirmed by your treasurer. It no longer "
                    "shows as unverified.")
CLAIM_REJECTED = _("Your M-Pesa payment %(code)s was not accepted by your treasurer, so it does not count.")
CLAIM_REJECTED_WHY = _("Your M-Pesa payment %(code)s was not accepted by your treasurer, so it does not count. "
                       "Reason: %(reason)s")
CLAIM_EXPIRED = _("Your M-Pesa payment %(code)s was not checked within %(days)s days and does not count. Talk "
                  "to your treasurer.")

"""Commands whose rules are not in Chamabora yet get a polite, honest answer.
Each handler here is removed when its rules land (loans and goals moved to
`lending`, claim decisions to `claim_decisions`); the notice below is still
shown by the USSD loans menu until it calls the loan services."""
from __future__ import annotations

from ..i18n import _

NOT_YET = _("Loans and savings goals are coming to Chamabora soon. We will let you know when they are ready.")

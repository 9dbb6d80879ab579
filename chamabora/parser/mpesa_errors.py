"""Why an M-Pesa message could not be read.

Two outcomes, never to be confused: text that is not a confirmation at all
(a member chatting) and text that looks like one but matches none of the
kinds the grammar knows (`UnrecognisedMessage`). The second is a reading
outcome, not a verdict: a genuine SMS of a kind we have not met reads so
too, so its hint is neutral. Whether a text looks forged is the fraud
checks' call. Both share the root `MpesaParseFailure`, a `ChamaError` with
a stable `code` and a short `hint` a channel can show.
"""
from __future__ import annotations

from chamabora.core.errors import ChamaError


class MpesaParseFailure(ChamaError):
    code = "mpesa_parse_failure"
    hint = "Forward the M-Pesa message exactly as you received it."

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message, **details)
        self.hint = str(details.get("hint") or type(self).hint)


class NotAConfirmation(MpesaParseFailure):
    code = "mpesa_not_a_confirmation"
    hint = "That is not an M-Pesa message. Forward the SMS from M-PESA."


class UnrecognisedMessage(MpesaParseFailure):
    """Reads like an M-Pesa message but matches no kind we know; `receipt_code` holds the code if one was read."""

    code = "mpesa_unrecognised"
    hint = "We could not read that M-Pesa message. Forward the SMS from M-PESA as it came."

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message, **details)
        self.receipt_code = details.get("receipt_code")
        self.position = details.get("position")

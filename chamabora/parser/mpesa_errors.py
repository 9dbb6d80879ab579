"""Why an M-Pesa confirmation could not be read.

Two outcomes matter to the fraud checks and must never be confused: text
that is not a confirmation at all (a member chatting) and text that looks
like one but breaks Safaricom's grammar (an edited or invented SMS, a fraud
signal). Both share the root `MpesaParseFailure`, a `ChamaError` with a
stable `code` and a short `hint` a channel can show.
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


class MalformedConfirmation(MpesaParseFailure):
    """Looks like a confirmation but breaks the grammar; `recognised` holds what was read."""

    code = "mpesa_malformed_confirmation"
    hint = "That M-Pesa message looks altered. Forward the original SMS unchanged."

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message, **details)
        self.receipt_code = details.get("receipt_code")
        self.position = details.get("position")

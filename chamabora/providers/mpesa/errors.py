"""What can go wrong talking to Daraja, as the gateway's errors (core/payment_gateway.py)
in Daraja's kinds.

`transient` errors (network, spike arrest, Safaricom busy) are worth retrying
with backoff; the rest will fail the same way again. Daraja overloads
`500.001.1001` for several unrelated conditions, so the message decides.
"""
from __future__ import annotations

from chamabora.core import payment_gateway as gateway


class DarajaError(gateway.GatewayError):
    """Any failure talking to Daraja."""


class DarajaUnavailable(DarajaError):
    """Network failure, a 5xx without a business error, spike arrest or quota."""

    code = "mpesa_unavailable"
    transient = True


class DarajaAuthFailed(DarajaError):
    """Wrong consumer key/secret, or an access token Daraja no longer honours."""

    code = "mpesa_auth_failed"


class DarajaRejected(DarajaError):
    """Daraja understood the request and refused it (bad field, unknown merchant, duplicate id)."""

    code = "mpesa_rejected"


class SubscriberBusy(DarajaRejected, gateway.SubscriberBusy):
    """The member already has an M-Pesa prompt open."""

    code = "mpesa_subscriber_busy"


class StillProcessing(DarajaError, gateway.StillProcessing):
    """An STK query about a prompt the member has not answered yet."""

    code = "mpesa_pending"


TRANSIENT_CODES = {"500.003.02", "500.003.03", "503.001.01"}
AUTH_CODES = {"400.008.01", "400.008.02", "404.001.03", "401.002.01"}


def classify(http_status: int, error_code: str | None, message: str) -> DarajaError:
    """Turn a Daraja error response into the right exception."""
    text = message or f"HTTP {http_status}"
    lowered = text.lower()
    kwargs = {"error_code": error_code, "http_status": http_status}
    if "being processed" in lowered:
        return StillProcessing(text, **kwargs)
    if "lock subscriber" in lowered:
        return SubscriberBusy(text, **kwargs)
    if error_code in AUTH_CODES or http_status == 401:
        return DarajaAuthFailed(text, **kwargs)
    if error_code in TRANSIENT_CODES or http_status in (429, 502, 503, 504):
        return DarajaUnavailable(text, **kwargs)
    if error_code is None and http_status >= 500:
        return DarajaUnavailable(text, **kwargs)
    return DarajaRejected(text, **kwargs)

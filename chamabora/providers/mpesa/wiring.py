"""Building the M-Pesa side from settings: the Daraja client (Safaricom's
URL, an explicit MPESA_BASE_URL, or our own simulator), the `stk_push` and
`b2c` senders, and the simulator's state in the local default.

In the test environment, M-Pesa is wired only when a test names the Daraja
it started (`mpesa_base_url`); otherwise money rows are recorded like SMS."""
from __future__ import annotations

from dataclasses import dataclass

from chamabora.core.payment_gateway import Accepted, PaymentRecords
from chamabora.core.ports import Sender
from chamabora.providers.mpesa.client import SAFARICOM, DarajaClient, DarajaConfig
from chamabora.providers.mpesa.senders import B2CSender, CallbackUrls, StkPushSender
from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY
from chamabora.providers.mpesa.simulator.state import SimulatorState

SIMULATOR_PATH = "/simulator/daraja"


@dataclass
class Mpesa:
    """Daraja as the services' payment gateway (core/payment_gateway.py), with where its answers come back."""

    client: DarajaClient
    urls: CallbackUrls
    simulator: SimulatorState | None

    def stk_query(self, checkout_request_id: str) -> tuple[str, str]:
        return self.client.stk_query(checkout_request_id)

    def payout_status(self, conversation_id: str) -> Accepted:
        return self.client.transaction_status(self.urls.url("/mpesa/b2c/result"), self.urls.url("/mpesa/b2c/timeout"),
                                              original_conversation_id=conversation_id)


def config_from(settings) -> DarajaConfig:  # type: ignore[no-untyped-def]
    simulated = settings.mpesa_mode == "simulator"
    base = settings.mpesa_base_url or (settings.mpesa_callback_base_url + SIMULATOR_PATH if simulated
                                       else SAFARICOM[settings.mpesa_mode])
    return DarajaConfig(
        base_url=base.rstrip("/"), consumer_key=settings.mpesa_consumer_key or "simulator",
        consumer_secret=settings.mpesa_consumer_secret or "simulator", shortcode=settings.mpesa_shortcode,
        passkey=settings.mpesa_passkey or SANDBOX_PASSKEY, till_number=settings.mpesa_till_number,
        initiator_name=settings.mpesa_initiator_name or "simulator",
        security_credential=settings.mpesa_security_credential or "simulator",
        b2c_shortcode=settings.mpesa_b2c_shortcode)


def build(settings, redis) -> Mpesa | None:  # type: ignore[no-untyped-def]
    """The Daraja client and where its callbacks come back; None where money rows are recorded only."""
    if settings.env == "test" and settings.mpesa_mode == "simulator" and not settings.mpesa_base_url:
        # tests that do not start a simulator record money instructions like any other message,
        # so no test depends on a port it did not open
        return None
    config = config_from(settings)
    simulator = None
    if settings.mpesa_mode == "simulator" and not settings.is_production and not settings.mpesa_base_url:
        # the local default serves its own Daraja under /simulator/daraja (see channels/mpesa/routes.py)
        simulator = SimulatorState(consumer_key=config.consumer_key, consumer_secret=config.consumer_secret,
                                   shortcode=config.shortcode, passkey=config.passkey)
    return Mpesa(DarajaClient(config, redis), CallbackUrls(settings.mpesa_callback_base_url, settings.webhook_secret),
                 simulator)


def senders(mpesa: Mpesa, records: PaymentRecords) -> dict[str, Sender]:
    """The outbox's money channels: STK prompts and B2C payouts, their outcomes told to `records`."""
    return {"stk_push": StkPushSender(mpesa.client, records, mpesa.urls),
            "b2c": B2CSender(mpesa.client, records, mpesa.urls)}

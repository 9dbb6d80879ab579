"""What the money senders' requests lead to in our books (the core's
`PaymentRecords` port, which providers/mpesa/senders.py calls): a prompt
M-Pesa took is recorded, and a callback that beat the record is applied; a
refused prompt is told to the member; a B2C request M-Pesa took waits for its
result, and a refused one fails its disbursement. Each in its own unit of work.
"""
from __future__ import annotations

from chamabora.core.payment_gateway import Accepted, GatewayError, StkAccepted, StkOrder
from chamabora.services.mpesa import callbacks
from chamabora.services.payouts import disbursement_results
from chamabora.services.payouts import disbursements
from chamabora.services.mpesa import prompts
from chamabora.services.mpesa.callbacks import Run


class PaymentRecords:
    def __init__(self, run: Run) -> None:
        self.run = run

    def prompt_for(self, outbox_id: int) -> str | None:
        return self.run(lambda conn: prompts.request_for_outbox(conn, outbox_id))  # type: ignore[no-any-return]

    def prompt_accepted(self, order: StkOrder, accepted: StkAccepted) -> None:
        self.run(lambda conn: prompts.record_request(conn, order, accepted))
        # the callback may have beaten our own write: apply what was waiting for it
        callbacks.apply_waiting(self.run, "stk", accepted.checkout_request_id)

    def prompt_refused(self, order: StkOrder, error: GatewayError) -> None:
        self.run(lambda conn: prompts.tell_not_sent(conn, order, error))

    def payout_accepted(self, disbursement_id: int, accepted: Accepted) -> None:
        self.run(lambda conn: disbursements.record_accepted(conn, disbursement_id, accepted))

    def payout_refused(self, disbursement_id: int, code: str, reason: str) -> None:
        self.run(lambda conn: disbursement_results.fail(conn, disbursement_id, code, reason))

"""Money the services decide should leave by M-Pesa B2C, handed to whoever
sends it. The M-Pesa package registers its sender for each kind when it is
imported (mpesa/approvals.py), so the services never import it: the
decision (approved, voted) stays here, the wire stays there."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

Send = Callable[[Connection, int], int]
SENDERS: dict[str, Send] = {}


def register(kind: str, send: Send) -> None:
    SENDERS[kind] = send


def send_out(conn: Connection, kind: str, item_id: int) -> int:
    """Queue the B2C payment of `item_id` (e.g. a withdrawal) in this unit of work; its disbursement id."""
    try:
        send = SENDERS[kind]
    except KeyError:
        raise RuntimeError(f"no B2C sender is registered for {kind}; import chamabora.mpesa.approvals") from None
    return send(conn, item_id)

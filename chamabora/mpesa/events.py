"""The callback kinds Daraja sends us: how each is decoded, which outside id
keys it, and which function applies it (once) to our records."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from chamabora.mpesa import c2b, disbursements, intake, stk
from chamabora.mpesa.wire import decode_c2b, decode_result, decode_stk, loads


@dataclass(frozen=True)
class Kind:
    decode: Callable[[object], object]
    key: Callable[[object], str]
    apply: Callable[[Connection, object], str]
    # already applied: a repeat needs no second transaction; None when `apply` tells a repeat itself,
    # in its first statement, so asking first would only cost a query
    seen: Callable[[Connection, object], bool] | None


KINDS: dict[str, Kind] = {
    "stk": Kind(decode_stk, lambda r: r.checkout_request_id, stk.apply_stk_result,  # type: ignore[attr-defined]
                stk.already_resolved),
    "c2b_confirmation": Kind(decode_c2b, lambda n: n.trans_id, c2b.apply_confirmation,  # type: ignore[attr-defined]
                             None),
    "b2c_result": Kind(decode_result, lambda r: r.originator_conversation_id,  # type: ignore[attr-defined]
                       disbursements.apply_b2c_result, disbursements.already_final),
    "b2c_timeout": Kind(decode_result, lambda r: r.originator_conversation_id,  # type: ignore[attr-defined]
                        disbursements.mark_timed_out, disbursements.already_final),
}


def reapply(run: intake.Run, callback_id: int, kind: str, body: str) -> str:
    """Apply a stored callback again (an orphan whose request now exists, or one left unprocessed)."""
    spec = KINDS[kind]
    return intake.settle(run, callback_id, spec.apply, spec.decode(loads(body)))


def apply_waiting(run: intake.Run, kind: str, key: str) -> list[str]:
    return [reapply(run, callback_id, kind, body)
            for callback_id, body in run(lambda conn: intake.waiting(conn, kind, key))]

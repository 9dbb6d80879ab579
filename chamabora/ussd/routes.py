"""POST /ussd/africastalking (one hop) and /ussd/africastalking/events
(the end-of-session notice, stored for support)."""
from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, current_app, request
from sqlalchemy import insert

from ..core.errors import InvalidInput
from ..webhook_auth import require_webhook_token
from .codec import decode, encode
from .redaction import redacted_input
from .runner import advance, hop_key
from .sessions import MemorySessions, RedisSessions, SessionStore
from .table import UssdSessionEvent

bp = Blueprint("ussd", __name__)
log = logging.getLogger(__name__)
events = UssdSessionEvent.__table__


def sessions() -> SessionStore:
    services = current_app.extensions["chamabora"]
    store = current_app.extensions.get("chamabora.ussd_sessions")
    if store is None:
        store = RedisSessions(services.redis) if services.redis is not None else MemorySessions()
        current_app.extensions["chamabora.ussd_sessions"] = store
    return store


def plain(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


SORRY = "END Sorry, something went wrong. Please dial again."


@bp.post("/ussd/africastalking")
@require_webhook_token
def ussd_hop() -> Response:
    try:
        inbound = decode(request.form)
    except InvalidInput:
        return plain("END Sorry, this request could not be read.", 400)
    try:
        return answer_hop(inbound)
    except Exception:  # noqa: BLE001 - the outermost adapter: the caller gets an END screen, never a 500 page
        log.exception("USSD hop failed for session %s", inbound.session_key)
        return plain(SORRY, 503)


def answer_hop(inbound) -> Response:  # type: ignore[no-untyped-def]
    store, services = sessions(), current_app.extensions["chamabora"]
    state = store.load(inbound.session_key or "")
    key = hop_key(inbound.session_key or "", inbound.text)
    if state is not None and state.get("last") == key:
        return plain(state["screen"])  # a replayed hop: same screen, nothing done again
    # each attempt (a read-first one given up at its first write, then the transaction) starts from the
    # stored state; a JSON round trip copies it in a third of deepcopy's time
    frozen = json.dumps(state) if state is not None else None
    result = services.read_first(lambda conn: advance(conn, inbound, json.loads(frozen) if frozen else None))
    body = encode(result.screen)
    if not result.screen.end:
        store.save(inbound.session_key or "", {**result.state, "last": key, "screen": body})
    else:
        store.save(inbound.session_key or "", {"last": key, "screen": body, "pins": result.state.get("pins", [])})
    return plain(body)


@bp.post("/ussd/africastalking/events")
@require_webhook_token
def ussd_event() -> Response:
    form = request.form
    session_id = (form.get("sessionId") or "").strip()
    if not session_id or len(session_id) > 100:
        return plain("sessionId is required", 400)
    state = sessions().load(session_id) or {}
    record = {"session_id": session_id, "phone": (form.get("phoneNumber") or "")[:20],
              "service_code": (form.get("serviceCode") or "")[:40], "network_code": (form.get("networkCode") or "")[:10],
              "status": (form.get("status") or "")[:20], "cost": (form.get("cost") or "")[:20],
              "duration_ms": _int(form.get("durationInMillis")), "hops": _int(form.get("hopsCount")),
              "input": redacted_input(form.get("input") or "", state.get("pins")),
              "last_response": (form.get("lastAppResponse") or "")[:1000],
              "error": (form.get("errorMessage") or "")[:1000]}
    current_app.extensions["chamabora"].run(lambda conn: conn.execute(insert(events), record))
    return plain("OK")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)

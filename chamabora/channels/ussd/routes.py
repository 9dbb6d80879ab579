"""POST /ussd/africastalking (one hop) and /ussd/africastalking/events
(the end-of-session notice, stored for support)."""
from __future__ import annotations

import json
import logging
from dataclasses import replace
from urllib.parse import parse_qsl

from flask import Blueprint, Response, request
from sqlalchemy import insert

from chamabora.conversation.throttle import ussd_refusal
from chamabora.core.errors import InvalidInput
from chamabora.ops.metrics import UNHANDLED
from chamabora.channels.http.auth import require_webhook_token
from chamabora.channels.http.input import MalformedInput, digits
from chamabora.channels.ussd.codec import decode, encode
from chamabora.channels.ussd.machine import hop_reads_only
from chamabora.channels.ussd.redaction import redacted_input
from chamabora.channels.ussd.runner import advance, hop_key
from chamabora.composition.current import current_root
from chamabora.providers.sessions import SessionStore
from chamabora.db.ussd_tables import UssdSessionEvent

MAX_FIELDS = 50
bp = Blueprint("ussd", __name__)
log = logging.getLogger(__name__)
events = UssdSessionEvent.__table__


def sessions() -> SessionStore:
    return current_root().sessions


def plain(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


SORRY = "END Sorry, something went wrong. Please dial again."


def form_fields() -> dict[str, str]:
    """The posted form, read straight from the body: werkzeug's form parser (stream wrappers, a
    MultiDict) was the largest single part of a hop's own CPU. Africa's Talking posts
    application/x-www-form-urlencoded; any other body yields no fields and is refused by decode.
    The body's size is still capped by MAX_CONTENT_LENGTH."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return {}
    body = request.get_data(cache=False).decode("utf-8", "replace")
    try:
        return dict(parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS))
    except ValueError:  # more fields than any real hop has
        return {}


@bp.post("/ussd/africastalking")
@require_webhook_token
def ussd_hop() -> Response:
    try:
        inbound = decode(form_fields())
    except InvalidInput:
        return plain("END Sorry, this request could not be read.", 400)
    return answered(inbound)


def answered(inbound) -> Response:  # type: ignore[no-untyped-def]
    """A decoded hop's screen; also how the local phone simulator (web/phone_simulator.py) dials."""
    try:
        return answer_hop(inbound)
    except Exception:  # noqa: BLE001 - the outermost adapter: the caller gets an END screen, never a 500 page
        log.exception("USSD hop failed for session %s", inbound.session_key)
        UNHANDLED.labels("/ussd/africastalking").inc()
        return plain(SORRY)   # Africa's Talking shows our screen only on a 200, and does not retry a hop


def answer_hop(inbound) -> Response:  # type: ignore[no-untyped-def]
    store, services = sessions(), current_root()
    session_id = inbound.session_key or ""
    key = hop_key(session_id, inbound.text)
    if not inbound.text:
        refusal = session_refusal(services, inbound.phone)
        if refusal is not None:
            return plain(refusal)
        opened = open_session(store, services, inbound, key)
        if opened is not None:
            return plain(opened)
    raw = store.load_raw(session_id)
    state = json.loads(raw) if raw else None
    if state is not None and state.get("phone", inbound.phone) != inbound.phone:
        # another phone with this session's id: nothing of the owner's is shown, nothing is started
        return plain(stranger_screen(services, inbound))
    if state is not None and state.get("last") == key:
        return plain(state["screen"])  # a replayed hop: same screen, nothing done again
    # one unit of work: declared read-only when the menus say the hop only reads (no BEGIN or COMMIT,
    # no write lock), else its reads and writes in one transaction. Each attempt (one retried after a
    # deadlock or a dropped connection) starts from the stored state: the first takes the parsed copy,
    # a later one parses the stored text again
    copies = [state]

    def attempt(conn):  # type: ignore[no-untyped-def]
        return advance(conn, inbound, copies.pop() if copies else (json.loads(raw) if raw else None), key)

    result = (services.only_reads if hop_reads_only(state, inbound.text) else services.run)(attempt)
    body = encode(result.screen)
    store.save(session_id, stored(result, key, body, inbound.phone))
    return plain(body)


def session_refusal(services, phone: str) -> str | None:  # type: ignore[no-untyped-def]
    """Over the USSD session limits (per phone, per chama): the friendly END screen, else None."""
    if services.limits is None or not services.limits.enabled:
        return None
    return services.only_reads(lambda conn: ussd_refusal(conn, services.limits, phone))  # type: ignore[no-any-return]


def open_session(store: SessionStore, services, inbound, key: str) -> str | None:  # type: ignore[no-untyped-def]
    """A session's first hop (empty text) shows a menu and changes nothing, so it is declared
    read-only (no BEGIN or COMMIT, no write lock), and stored only if the session is new (SET NX): one
    session command instead of a read and a write. None when the session exists already (a replayed
    first hop): the usual path answers it from the session."""
    result = services.only_reads(lambda conn: advance(conn, inbound, None, key))
    body = encode(result.screen)
    return body if store.start(inbound.session_key or "", stored(result, key, body, inbound.phone)) else None


def stored(result, key: str, body: str, phone: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """What the session keeps after a hop: an ended one only what replays and log redaction need.
    Every state names the phone it belongs to: a session id is only the gateway's, and another phone
    posting it must neither see nor drive this one."""
    if not result.screen.end:
        return {**result.state, "last": key, "screen": body, "phone": phone}
    return {"last": key, "screen": body, "pins": result.state.get("pins", []), "phone": phone}


def stranger_screen(services, inbound) -> str:  # type: ignore[no-untyped-def]
    """The END screen for a phone posting someone else's session id: the expired-session words, in the
    poster's own language, and nothing read from the session."""
    result = services.only_reads(lambda conn: advance(conn, replace(inbound, text="?"), None))
    return encode(result.screen)


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
    current_root().run(lambda conn: conn.execute(insert(events), record))
    return plain("OK")


def _int(value: str | None) -> int | None:
    """A count Africa's Talking sends; anything that is not one is left out rather than refused, as the
    event is only kept for support."""
    try:
        return digits(value, limit=11)
    except MalformedInput:
        return None


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)

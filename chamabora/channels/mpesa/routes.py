"""Daraja's callbacks: `/mpesa/stk/callback`, `/mpesa/c2b/validation`,
`/mpesa/c2b/confirmation`, `/mpesa/b2c/result`, `/mpesa/b2c/timeout`.

Daraja signs nothing, so each request must carry the shared webhook token
(and, when configured, come from an allowed IP); anything else gets 403 and
nothing is read. A body that is not Daraja's JSON gets 400 and nothing is
written. Otherwise the raw payload is stored, applied once, and acknowledged
in Daraja's own format: in the request without Redis, by an RQ worker with it
(`deferred.py`; validation always answers in the request, as Daraja waits for
its verdict).
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, jsonify, request

from chamabora.channels.http.auth import token_is_valid
from chamabora.channels.http.input import MalformedInput, json_body
from chamabora.channels.mpesa import deferred
from chamabora.parser.daraja import BadCallback, decode_c2b
from chamabora.providers.mpesa.simulator.app import simulator_blueprint
from chamabora.services.mpesa import callbacks as intake
from chamabora.services.mpesa import paybill
from chamabora.services.mpesa.callbacks import KINDS
from chamabora.composition.root import Root
from chamabora.composition.current import current_root, root_of

bp = Blueprint("mpesa", __name__, url_prefix="/mpesa")
ACCEPTED = {"ResultCode": 0, "ResultDesc": "Accepted"}
ACKS = {"stk": ACCEPTED, "c2b_confirmation": {"ResultCode": 0, "ResultDesc": "Success"},
        "b2c_result": ACCEPTED, "b2c_timeout": ACCEPTED}
# serialised once: jsonify cost ~30 µs of CPU per acknowledgement, for the same few bytes
_ACK_BODIES = {kind: json.dumps(ack).encode() for kind, ack in ACKS.items()}


def _services() -> Root:
    return current_root()


def _guard() -> None:
    allowed = _services().settings.mpesa_allowed_ips
    if not token_is_valid() or (allowed and request.remote_addr not in allowed):
        abort(403)


def _raw() -> tuple[str, object]:
    """The body as parsed, once: the stored text is the text that was read (a byte-order mark gone)."""
    try:
        return json_body()
    except MalformedInput as problem:
        raise BadCallback(str(problem)) from problem


def _receive(kind: str):  # type: ignore[no-untyped-def]
    _guard()
    spec = KINDS[kind]
    try:
        raw, body = _raw()
        decoded = spec.decode(body)
    except BadCallback as problem:
        return jsonify(ResultCode=1, ResultDesc=str(problem)), 400
    text, services = raw, _services()
    if deferred.enabled(services):
        deferred.receive_later(services, kind, spec.key(decoded), text, request.remote_addr)
    else:
        intake.receive(services.run, kind, spec.key(decoded), text, request.remote_addr, spec.apply, decoded,
                       spec.seen)
    return Response(_ACK_BODIES[kind], mimetype="application/json")


@bp.post("/stk/callback")
def stk_callback():  # type: ignore[no-untyped-def]
    return _receive("stk")


@bp.post("/c2b/confirmation")
def c2b_confirmation():  # type: ignore[no-untyped-def]
    return _receive("c2b_confirmation")


@bp.post("/b2c/result")
def b2c_result():  # type: ignore[no-untyped-def]
    return _receive("b2c_result")


@bp.post("/b2c/timeout")
def b2c_timeout():  # type: ignore[no-untyped-def]
    return _receive("b2c_timeout")


@bp.post("/c2b/validation")
def c2b_validation():  # type: ignore[no-untyped-def]
    _guard()
    try:
        raw, body = _raw()
        notice = decode_c2b(body)
    except BadCallback as problem:
        return jsonify(ResultCode="C2B00016", ResultDesc=f"Rejected: {problem}"), 400
    strict = _services().settings.mpesa_c2b_strict
    reply: dict[str, str] = {}

    def validate(conn, decoded) -> str:  # type: ignore[no-untyped-def]
        reply.update(paybill.validate(conn, decoded, strict))
        return "accepted" if reply["ResultCode"] == "0" else "rejected"

    text = raw
    intake.receive(_services().run, "c2b_validation", notice.trans_id, text, request.remote_addr,
                   validate, notice, asks=True)
    return jsonify(reply)


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)
    services = root_of(app)
    simulator = services.mpesa.simulator if services.mpesa is not None else None
    if simulator is not None:
        app.register_blueprint(simulator_blueprint(simulator), url_prefix="/simulator/daraja")

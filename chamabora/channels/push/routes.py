"""The app's push enrolment, over JSON (documented in the README):

- `POST /push/code {"phone"}`: a code is texted to that phone (202), at most
  once a minute and as often as the OTP limit allows (limits/web.py);
- `POST /push/register {"phone", "code", "fid"}`: the code proves the phone,
  and the Firebase installation id receives the member's notices (200);
- `POST /push/unregister {"phone", "fid"}`: the app signs out (200).

Refusals are 4xx with `{"error": reason}`: 400 for a bad request or a wrong
code (with `attempts_left`), 404 for a phone no member has, 429 when asked
again too soon (`retry_after`) or after too many wrong codes.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, jsonify, request

from chamabora.channels.http.limits import otp_request_limit
from chamabora.channels.http.input import MalformedInput, json_body
from chamabora.services.people import push_enrolment as enrolment
from chamabora.composition.current import current_root

bp = Blueprint("push", __name__)
STATUS = {"unknown_member": 404, "too_soon": 429, "too_many_attempts": 429}


@bp.post("/push/code")
@otp_request_limit
def send_code():  # type: ignore[no-untyped-def]
    body = _body()
    if body is None or not isinstance(body.get("phone"), str):
        return _refused("bad_request", 400)
    now = datetime.now(timezone.utc)
    lasts = _run(lambda conn: enrolment.send_code(conn, body["phone"], now))
    return lasts if isinstance(lasts, tuple) else (jsonify(status="code_sent", expires_in=lasts), 202)


@bp.post("/push/register")
def register():  # type: ignore[no-untyped-def]
    body = _body()
    if body is None or not all(isinstance(body.get(k), str) for k in ("phone", "code", "fid")):
        return _refused("bad_request", 400)
    now = datetime.now(timezone.utc)
    done = _run(lambda conn: enrolment.confirm(conn, body["phone"], body["code"], body["fid"], now))
    return done if isinstance(done, tuple) else jsonify(status="registered")


@bp.post("/push/unregister")
def unregister():  # type: ignore[no-untyped-def]
    body = _body()
    if body is None or not isinstance(body.get("phone"), str) or not isinstance(body.get("fid"), str):
        return _refused("bad_request", 400)
    forgotten = _run(lambda conn: enrolment.forget(conn, body["phone"], body["fid"]))
    return forgotten if isinstance(forgotten, tuple) else jsonify(status="unregistered" if forgotten else "unknown_fid")


def _body() -> dict | None:  # type: ignore[type-arg]
    """The JSON object the edge read for this request (webhook_input), or None."""
    if not request.is_json:
        return None
    try:
        body = json_body()[1]
    except MalformedInput:
        return None
    return body if isinstance(body, dict) else None


def _run(work):  # type: ignore[no-untyped-def]
    """One unit of work; a refusal writes nothing, except a wrong guess, which must be counted."""
    def guarded(conn):  # type: ignore[no-untyped-def]
        try:
            return work(conn)
        except enrolment.EnrolmentRefused as refused:
            if refused.details["reason"] == "wrong_code":
                return refused  # committed with its attempt counted
            raise

    try:
        result = current_root().run(guarded)
    except enrolment.EnrolmentRefused as refused:
        result = refused
    if isinstance(result, enrolment.EnrolmentRefused):
        reason = str(result.details["reason"])
        extra = {k: v for k, v in result.details.items() if k in ("attempts_left", "retry_after")}
        return _refused(reason, STATUS.get(reason, 400), **extra)
    return result


def _refused(reason: str, status: int, **extra: object):  # type: ignore[no-untyped-def]
    return jsonify(error=reason, **extra), status


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)

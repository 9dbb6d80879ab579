"""Web push: a logged-in member's browser receives the notices that go by
push today (optional: only when WEB_PUSH_VAPID_KEY and
WEB_PUSH_FIREBASE_CONFIG are set).

`static/push.js` asks the member's permission, gets the browser's FCM
token with the vendored Firebase SDK and posts it here:
- `POST /push/web` (`token`, as JSON or a form; the session and its CSRF
  token prove the member and the phone, so no SMS code is needed);
- `POST /push/web/forget` (`token`): this browser stops receiving them,
  as when the member logs out;
- `GET /firebase-messaging-sw.js`: the service worker that shows a push
  while no page is open (served from the root so it may cover every page).
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, g, jsonify, render_template, request

from chamabora.services.people import web_push
from chamabora.channels.web.access import services
from chamabora.channels.web import errors
from chamabora.channels.web.security import WEB_BLUEPRINTS

bp = Blueprint("web_push", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)


def settings():  # type: ignore[no-untyped-def]
    return services().settings.web


def firebase_config() -> dict | None:  # type: ignore[type-arg]
    """The Firebase web config when web push is configured, else None."""
    web = settings()
    if not (web.fcm_vapid_key and web.fcm_config):
        return None
    return json.loads(web.fcm_config)  # type: ignore[no-any-return]  # checked at start (WebSettings.problems)


def page_context() -> dict[str, object]:
    """What base.html needs to load push.js: only for a logged-in member, only when configured."""
    config = firebase_config() if g.get("member") is not None else None
    if config is None:
        return {"web_push": None}
    return {"web_push": {"config": json.dumps(config), "vapid": settings().fcm_vapid_key}}


@bp.post("/push/web")
def register():  # type: ignore[no-untyped-def]
    return _change(web_push.register, "registered")


@bp.post("/push/web/forget")
def forget():  # type: ignore[no-untyped-def]
    return _change(web_push.forget, "forgotten")


def _change(work, done: str):  # type: ignore[no-untyped-def]
    if firebase_config() is None:
        abort(404)
    if g.member is None:
        return jsonify(error="not_logged_in"), 401
    body = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    token = body.get("token") if isinstance(body, dict) else None
    member_id = g.member.id
    try:
        changed = services().run(lambda conn: work(conn, member_id, token))
    except web_push.BadToken:
        return jsonify(error="bad_token"), 400
    return jsonify(status=done if changed is not False else "unknown_token")


@bp.get("/firebase-messaging-sw.js")
def service_worker():  # type: ignore[no-untyped-def]
    config = firebase_config()
    if config is None:
        abort(404)
    body = render_template("web/firebase-messaging-sw.js", config=json.dumps(config))
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response

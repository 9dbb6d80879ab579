"""GET /simulator/outbox: what would have been sent, for a person trying the
local default (404 in production)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template_string, request
from sqlalchemy import select

from chamabora.channels.http.input import MalformedInput, digits
from chamabora.outbox.store import outbox
from chamabora.composition.current import current_root

bp = Blueprint("simulator_outbox", __name__)

PAGE = """<!doctype html><meta charset="utf-8"><title>Chamabora outbox</title>
<h1>Outbox (local simulator)</h1><table border=1 cellpadding=4>
<tr><th>#</th><th>when</th><th>channel</th><th>to</th><th>status</th><th>message</th><th>why not sent</th></tr>
{% for m in messages %}<tr><td>{{m.id}}</td><td>{{m.created_at}}</td><td>{{m.channel}}</td>
<td>{{m.recipient}}</td><td>{{m.status}}</td><td>{{m.body}}</td><td>{{m.error or ""}}</td></tr>{% endfor %}</table>"""


@bp.get("/simulator/outbox")
def show_outbox():  # type: ignore[no-untyped-def]
    services = current_root()
    if services.settings.is_production:
        abort(404)
    try:
        limit = min(max(digits(request.args.get("limit"), "limit", limit=6) or 100, 1), 1000)
    except MalformedInput as problem:
        abort(400, str(problem))
    with services.engine.connect() as conn:
        rows = conn.execute(select(outbox).order_by(outbox.c.id.desc()).limit(limit)).all()
    messages = [{"id": r.id, "created_at": str(r.created_at), "channel": r.channel, "purpose": r.purpose,
                 "recipient": r.recipient, "status": r.status, "body": r.body, "error": r.last_error}
                for r in rows]
    if request.args.get("format") == "json":
        return jsonify(messages=messages)
    return render_template_string(PAGE, messages=messages)


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)

"""The member's own pages: `/` (each of their chamas at a glance) and the
forms on it that pay, save and repay. Each form sends the command a member
would text (PAY 500 UMJ7K2, SAVE 500 UMJ7K2, REPAY 500 UMJ7K2) through the
conversation engine, after the PIN check, and shows the engine's reply."""
from __future__ import annotations

import re

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from chamabora.i18n.catalogs import _
from chamabora.core.schedule import today_in_nairobi
from chamabora.channels.web import commands, errors, pin
from chamabora.channels.web.access import member_required, now
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.member_view import my_chama, my_chamas, refuse_others, views
from chamabora.channels.web.security import WEB_BLUEPRINTS

bp = Blueprint("web_member", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)
refuse_others(bp)

# whole shillings, with or without thousands commas: nothing else may reach the command text
AMOUNT = re.compile(r"^(?:\d{1,9}|\d{1,3}(?:,\d{3}){1,2})$")
BAD_AMOUNT = _("Write the amount in whole shillings, like 500.")
UNKNOWN_GOAL = _("Choose one of your goals, or your general savings.")
ACTIONS = {"pay": "PAY", "save": "SAVE", "repay": "REPAY"}
ROLES = {"chair": _("Chair"), "treasurer": _("Treasurer"), "secretary": _("Secretary"), "member": _("Member")}


@bp.get("/")
@member_required
def home():  # type: ignore[no-untyped-def]
    return _home()


@bp.get("/my/<code>/<action>")
@member_required
def act_page(code: str, action: str):  # type: ignore[no-untyped-def]
    """A pay, save or repay address opened again (a reload after the form): back to the home page."""
    if action not in ACTIONS:
        abort(404)
    return redirect(url_for("web_member.home"))


@bp.post("/my/<code>/<action>")
@member_required
def act(code: str, action: str):  # type: ignore[no-untyped-def]
    if action not in ACTIONS:
        abort(404)
    choice = my_chama(code)
    amount = request.form.get("amount", "").strip().replace(" ", "")[:16]
    if not AMOUNT.match(amount):
        return _home(choice.code, error=gettext(BAD_AMOUNT), status=400)
    words = [ACTIONS[action], amount]
    if action == "save" and request.form.get("goal"):
        goal = request.form["goal"]
        mine = {line.name for view in views(g.member.id, [choice], _today()) for line in view.goals}
        if goal not in mine:
            return _home(choice.code, error=gettext(UNKNOWN_GOAL), status=400)
        words.append(goal)
    refused = pin.refusal(g.member.id, request.form.get("pin"))
    if refused is not None:
        return _home(choice.code, error=refused, status=400)
    reply = commands.send(g.member.phone, " ".join([*words, choice.code]), request.form.get("key"))
    if reply.refused:
        return _home(choice.code, error=reply.text, status=422)
    return _home(choice.code, notice=reply.text)


def _today():  # type: ignore[no-untyped-def]
    return today_in_nairobi(now())


def _home(about: str | None = None, notice: str | None = None, error: str | None = None,
          status: int = 200) -> tuple[str, int]:
    mine = my_chamas()
    return render_template("web/home.html", chamas=views(g.member.id, mine, _today()), about=about, notice=notice,
                           error=error, needs_pin=pin.needs_pin(g.member.id), form_key=commands.form_key,
                           roles={role: gettext(word) for role, word in ROLES.items()}), status

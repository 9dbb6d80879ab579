"""What waits for an officer's decision in one chama: `/chamas/<CODE>/waiting`."""
from __future__ import annotations

from flask import Blueprint, render_template

from . import errors
from .access import member_required
from .board import officer_choice
from .security import WEB_BLUEPRINTS

bp = Blueprint("web_decisions", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)


@bp.get("/chamas/<code>/waiting")
@member_required
def waiting(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    return render_template("web/board.html", chama=choice, tab="waiting")

"""The officers' desk for one chama: `/chamas/<CODE>`. Only its chair,
treasurer and secretary see it; another member is refused, a stranger is
sent to log in."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from ..conversation.turn import ChamaChoice, load_speaker_and_chamas
from ..core.schedule import today_in_nairobi
from ..services.roll import cycle_roll
from .access import member_required, services
from . import errors
from .security import WEB_BLUEPRINTS

bp = Blueprint("web_board", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)
OFFICERS = ("chair", "treasurer", "secretary")


def officer_choice(code: str) -> ChamaChoice:
    """The chama with this code, when the logged-in member is one of its officers; 403 otherwise
    (the same answer whether the chama exists or not)."""
    _speaker, mine = services().only_reads(lambda conn: load_speaker_and_chamas(conn, g.member.phone))
    found = next((c for c in mine if c.code.upper() == code.upper()), None)
    if found is None or found.role not in OFFICERS:
        abort(403)
    return found


@bp.get("/chamas/<code>")
@member_required
def board(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    roll = services().only_reads(lambda conn: cycle_roll(conn, choice.id, today_in_nairobi()))
    return render_template("web/board.html", chama=choice, tab="board", roll=roll)


@bp.get("/chamas/<code>/rules")
@member_required
def rules(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    return render_template("web/board.html", chama=choice, tab="rules")


@bp.get("/chamas/<code>/books")
@member_required
def books(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    return render_template("web/board.html", chama=choice, tab="books")


@bp.get("/chamas/<code>/reports")
@member_required
def reports(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    return render_template("web/board.html", chama=choice, tab="reports")

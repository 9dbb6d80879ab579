"""The member's own pages: `/` (their chamas)."""
from __future__ import annotations

from flask import Blueprint, g, render_template

from ..conversation.turn import load_speaker_and_chamas
from .access import member_required, services
from . import errors
from .security import WEB_BLUEPRINTS

bp = Blueprint("web_member", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)


@bp.get("/")
@member_required
def home():  # type: ignore[no-untyped-def]
    _speaker, mine = services().only_reads(lambda conn: load_speaker_and_chamas(conn, g.member.phone))
    return render_template("web/home.html", chamas=mine)

"""The blueprint every officers' page of one chama joins (`/chamas/<CODE>/…`: the board, rules,
books, reports and their live part), and the one check they share: only the chama's chair,
treasurer and secretary pass; anyone else gets the same 403 whether the chama exists or not."""
from __future__ import annotations

from flask import Blueprint, abort, g

from chamabora.channels.web import errors
from chamabora.channels.web.access import services
from chamabora.channels.web.board_table import shillings
from chamabora.channels.web.security import WEB_BLUEPRINTS
from chamabora.services.people.speakers import ChamaChoice, load_speaker_and_chamas

bp = Blueprint("web_board", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)
OFFICERS = ("chair", "treasurer", "secretary")


def officer_choice(code: str) -> ChamaChoice:
    """The chama with this code, when the logged-in member is one of its officers; 403 otherwise."""
    _speaker, mine = services().only_reads(lambda conn: load_speaker_and_chamas(conn, g.member.phone))
    found = next((c for c in mine if c.code.upper() == code.upper()), None)
    if found is None or found.role not in OFFICERS:
        abort(403)
    return found


@bp.context_processor
def money_words():  # type: ignore[no-untyped-def]
    return {"money": shillings}

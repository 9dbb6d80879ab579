"""Commands run from a USSD hop, at most once per hop even if the hop is
replayed after its session was lost."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from chamabora.conversation.engine import run_command
from chamabora.conversation.errors import error_reply_text
from chamabora.core.errors import ChamaError
from chamabora.conversation.messages import Reply
from chamabora.db.transaction import DuplicateEvent
from chamabora.channels.ussd.machine import Hop
from chamabora.db.ussd_tables import UssdAction

actions = UssdAction.__table__


def once(hop: Hop, act: Callable[[], str]) -> str:
    """Do `act` for this hop unless it was done already; either way, its outcome text."""
    done = hop.turn.conn.execute(select(actions.c.reply).where(
        actions.c.session_id == hop.session_id, actions.c.hop_key == hop.key)).scalar()
    if done is not None:
        return done
    outcome = act()
    try:
        hop.turn.conn.execute(insert(actions), {"session_id": hop.session_id, "hop_key": hop.key,
                                                "reply": outcome})
    except IntegrityError as exc:
        raise DuplicateEvent(hop.key) from exc
    return outcome


def run_once(hop: Hop, command: object) -> Reply:
    return Reply(once(hop, lambda: run_command(hop.turn, command).text))


def guarded(hop: Hop, act: Callable[[], str]) -> str:
    """A direct service call with the engine's manners: a refusal undoes its writes and becomes a reply."""
    try:
        with hop.turn.conn.begin_nested():
            return act()
    except ChamaError as error:
        return error_reply_text(hop.turn, error)

"""Who may vote in a members' vote: the active members who had joined when
it opened. Its electorate is counted then (`eligible`), so a member who
joins while it is open must not add a vote the count never allowed for."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, func, or_, select

from ..core.errors import Forbidden
from .records import membership_of, memberships


class JoinedAfterVote(Forbidden):
    code = "joined_after_vote"


def last_seat(conn: Connection, chama_id: int) -> int:
    """The chama's last join order number now: a vote opening now is for members up to it."""
    return conn.execute(select(func.coalesce(func.max(memberships.c.join_seq), 0))  # type: ignore[no-any-return]
                        .where(memberships.c.chama_id == chama_id)).scalar_one()


def require_voter(conn: Connection, chama_id: int, member_id: int, electorate_seq: int | None) -> None:
    """The member is active and had joined when the vote opened (votes from before this rule: any)."""
    seat = membership_of(conn, chama_id, member_id)
    if electorate_seq is not None and seat.join_seq > electorate_seq:
        raise JoinedAfterVote("joined after the vote opened", chama_id=chama_id, member_id=member_id)


def may_vote(join_seq: ColumnElement[int], electorate_seq: ColumnElement[int]) -> ColumnElement[bool]:
    return or_(electorate_seq.is_(None), join_seq <= electorate_seq)

"""Who may vote in a members' vote: the active members who had joined when
it opened. Its electorate is counted then (`eligible`), so a member who
joins while it is open must not add a vote the count never allowed for."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, or_, select

from chamabora.core.errors import Forbidden
from chamabora.services.records import membership_of, memberships


class JoinedAfterVote(Forbidden):
    code = "joined_after_vote"


def electorate(conn: Connection, chama_id: int, excluding: int) -> tuple[list[int], int]:
    """Who votes in a vote opening now (the active members but `excluding`, in join order) and the
    last join order number among the active members: both from one statement, so a member joining
    meanwhile is in neither or both."""
    rows = conn.execute(select(memberships.c.member_id, memberships.c.join_seq).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active")
        .order_by(memberships.c.join_seq)).all()
    return [member_id for member_id, _ in rows if member_id != excluding], max((seq for _, seq in rows), default=0)


def require_voter(conn: Connection, chama_id: int, member_id: int, electorate_seq: int | None) -> None:
    """The member is active and had joined when the vote opened (votes from before this rule: any)."""
    seat = membership_of(conn, chama_id, member_id)
    if electorate_seq is not None and seat.join_seq > electorate_seq:
        raise JoinedAfterVote("joined after the vote opened", chama_id=chama_id, member_id=member_id)


def may_vote(join_seq: ColumnElement[int], electorate_seq: ColumnElement[int]) -> ColumnElement[bool]:
    return or_(electorate_seq.is_(None), join_seq <= electorate_seq)

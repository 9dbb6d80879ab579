"""Who hears a chama's reminders, and on which channel.

Active members of the cycle (joined by then) who have not sent STOP; in the
quiet hours only those who asked for night reminders. A member is reached
as every notice reaches them (`services.notify.route`): push when they use
the app, else the channel and provider they wrote on last, SMS until then.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, false, func, or_, select

from chamabora.outbox.store import Channel
from chamabora.services.records import members, memberships
from chamabora.db.message_tables import MemberChannel
from chamabora.services.notices.marks import among
from chamabora.services.notices.notify import route as reach
from chamabora.db.notify_tables import MemberPreference

preferences = MemberPreference.__table__
member_channels = MemberChannel.__table__


@dataclass(frozen=True, slots=True)
class Recipient:
    membership_id: int
    member_id: int
    chama_id: int
    phone: str
    language: str
    chamas: int              # active memberships: more than one means naming the chama when paying
    channel: str | None
    provider: str | None
    push_id: str | None


def audience(conn: Connection, cycle_of: dict[int, int], night_only: bool) -> list[Recipient]:
    """Members to remind: `cycle_of` maps each chama to the cycle the reminder is about."""
    if not cycle_of:
        return []
    in_cycle = or_(*[and_(memberships.c.chama_id == chama_id, memberships.c.joined_cycle <= seq)
                     for chama_id, seq in cycle_of.items()]) if len(cycle_of) <= 50 else \
        among(memberships.c.chama_id, cycle_of)
    batch = memberships.alias("batch")
    counts = (select(memberships.c.member_id, func.count().label("n"))
              .where(memberships.c.status == "active", memberships.c.member_id.in_(
                  select(batch.c.member_id).where(among(batch.c.chama_id, cycle_of))))
              .group_by(memberships.c.member_id).subquery())
    query = (select(memberships.c.id, memberships.c.member_id, memberships.c.chama_id, memberships.c.joined_cycle,
                    members.c.phone, members.c.language, counts.c.n, member_channels.c.channel,
                    member_channels.c.provider, member_channels.c.push_id)
             .join(members, members.c.id == memberships.c.member_id)
             .join(counts, counts.c.member_id == memberships.c.member_id)
             .outerjoin(preferences, preferences.c.member_id == members.c.id)
             .outerjoin(member_channels, member_channels.c.member_id == members.c.id)
             .where(in_cycle, memberships.c.status == "active", members.c.opted_out.is_(false())))
    if night_only:
        query = query.where(preferences.c.night_reminders.is_(True))
    return [Recipient(r.id, r.member_id, r.chama_id, r.phone, r.language or "en", r.n, r.channel, r.provider,
                      r.push_id)
            for r in conn.execute(query) if r.joined_cycle <= cycle_of[r.chama_id]]


def route(person: Recipient) -> tuple[Channel, str, dict[str, object]]:
    """(channel, recipient, payload extras) that reach this member best: the one policy of `services.notify`."""
    return reach(person.phone, person.channel, person.provider, person.push_id)

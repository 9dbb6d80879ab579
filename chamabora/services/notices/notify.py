"""The one way a notice reaches a member, and which channel that is.

A member is reached by push when their app or browser has registered (its
push id), else on the channel and provider they last wrote on (SMS or
WhatsApp), else by SMS. Every notice the services send to one member goes
through `notify`, in the member's language, so a loan, payout or vote notice
goes where their reminders go. Replies are not notices: they go back on the
channel the message came in on (`channels/sms/replies.py`).

In the local default every channel is only recorded (the simulator page).
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from chamabora.db.message_tables import MemberChannel
from chamabora.i18n.catalogs import translate
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.labels import label
from chamabora.services.notices.money import TRANSLATED
from chamabora.services.records import members

member_channels = MemberChannel.__table__
CHATS = (Channel.SMS.value, Channel.WHATSAPP.value)
NAMES = frozenset({"chama", "member", "recipient", "borrower", "who"})  # cut to 20 characters: one SMS


def route(phone: str, channel: str | None, provider: str | None,
          push_id: str | None) -> tuple[Channel, str, dict[str, object]]:
    """(channel, recipient, payload extras) that reach a member best, from what `member_channels` holds."""
    if push_id:
        return Channel.PUSH, push_id, {}
    chosen = Channel(channel) if channel in CHATS else Channel.SMS
    return chosen, phone, ({"provider": provider} if provider else {})


def notify(conn: Connection, member_id: int, msgid: str, chama_id: int | None = None,
           dedupe_key: str | None = None, *, purpose: Purpose = Purpose.NOTICE,
           payload: dict[str, object] | None = None, **values: object) -> int | None:
    """Queue a notice for a member, in their language, on the channel that reaches them best.
    `msgid` is a gettext msgid (formatted with `values`) or, without values, text already in their language;
    `payload` travels with the row (what an app shows beside the text)."""
    row = conn.execute(select(members.c.phone, members.c.language, member_channels.c.channel,
                              member_channels.c.provider, member_channels.c.push_id)
                       .outerjoin(member_channels, member_channels.c.member_id == members.c.id)
                       .where(members.c.id == member_id)).one()
    language = row.language or "en"
    words = {k: translate(language, v) if isinstance(v, str) and v in TRANSLATED else label(v) if k in NAMES else v
             for k, v in values.items()}
    channel, recipient, extras = route(row.phone, row.channel, row.provider, row.push_id)
    return enqueue(conn, channel, recipient, translate(language, msgid, **words), purpose=purpose,
                   member_id=member_id, chama_id=chama_id, payload={**(payload or {}), **extras},
                   dedupe_key=dedupe_key)


def remember_channel(conn: Connection, phone: str, channel: str, provider: str, at: datetime) -> None:
    """The channel a member wrote on last is where their notices go (until they register for push)."""
    values = {"channel": channel, "provider": provider, "updated_at": at}
    member_id = select(members.c.id).where(members.c.phone == phone).scalar_subquery()
    if conn.execute(update(member_channels).where(member_channels.c.member_id == member_id)
                    .values(**values)).rowcount:
        return
    query = select(members.c.id, literal(channel), literal(provider), literal(at)).where(members.c.phone == phone)
    try:
        with conn.begin_nested():  # two first messages racing: either insert is fine
            conn.execute(insert(member_channels).from_select(
                ["member_id", "channel", "provider", "updated_at"], query))
    except IntegrityError:
        pass


def register_push_id(conn: Connection, member_id: int, push_id: str | None, at: datetime | None = None) -> None:
    """The app (its installation id) or a browser (its token) now receives the member's notices;
    None when it signs out."""
    at = at or datetime.now(timezone.utc)
    changed = conn.execute(update(member_channels).where(member_channels.c.member_id == member_id)
                           .values(push_id=push_id, updated_at=at)).rowcount
    if not changed:
        conn.execute(insert(member_channels), {"member_id": member_id, "channel": "sms", "provider": "",
                                                "push_id": push_id, "updated_at": at})


def forget_push_id(conn: Connection, member_id: int, push_id: str, at: datetime | None = None) -> bool:
    """That app or browser stops receiving the member's notices; False when it was not the one receiving them."""
    at = at or datetime.now(timezone.utc)
    return bool(conn.execute(update(member_channels).where(member_channels.c.member_id == member_id,
                                                           member_channels.c.push_id == push_id)
                             .values(push_id=None, updated_at=at)).rowcount)

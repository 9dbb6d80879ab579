"""What happens when FCM says a member's app is gone: their push id is
cleared from `member_channels`, so `services.notify.notify` reaches them on the
channel they last wrote on, and the notice that was refused is queued again
there, once (keyed by the refused row), so an uninstalled app never costs a
member a reminder."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, update

from chamabora.core.ports import Outgoing
from chamabora.outbox.store import Purpose
from chamabora.services.notices.notify import member_channels, notify

Run = Callable[[Callable[[Connection], Any]], Any]


def forget_installations(conn: Connection, gone: list[Outgoing]) -> list[int]:
    """Clear each gone FID and resend its notice; returns the new outbox ids."""
    now = datetime.now(timezone.utc)
    # only while the member still has that FID: a new install may have registered since
    conn.execute(update(member_channels).where(member_channels.c.push_id.in_({m.recipient for m in gone}))
                 .values(push_id=None, updated_at=now))
    resent = [notify(conn, message.member_id, message.body, purpose=Purpose(message.purpose),
                     chama_id=message.chama_id, dedupe_key=f"push-gone:{message.id}")
              for message in gone if message.member_id is not None]
    return [message_id for message_id in resent if message_id is not None]


def forgetter(run: Run) -> Callable[[list[Outgoing]], None]:
    """The `forget` an FcmPush is built with: one unit of work per refused batch."""
    return lambda gone: run(lambda conn: forget_installations(conn, gone))

"""A member's notification choices: reminders in the quiet hours too, and
an email address (chairs and treasurers get statements and alerts there)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import Connection, insert, select, update

from chamabora.core.errors import InvalidInput
from chamabora.services.records import require_member
from chamabora.db.notify_tables import MemberPreference

preferences = MemberPreference.__table__
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def set_preferences(conn: Connection, member_id: int, *, email: str | None = None,
                    night_reminders: bool | None = None, clear_email: bool = False) -> None:
    require_member(conn, member_id)
    values: dict[str, object] = {"updated_at": datetime.now(timezone.utc)}
    if email is not None:
        address = email.strip()
        if len(address) > 254 or not EMAIL.match(address):
            raise InvalidInput("that is not an email address", value=email)
        values["email"] = address
    if clear_email:
        values["email"] = None
    if night_reminders is not None:
        values["night_reminders"] = night_reminders
    found = conn.execute(select(preferences.c.member_id).where(preferences.c.member_id == member_id)).first()
    if found is None:
        conn.execute(insert(preferences), {"member_id": member_id, "night_reminders": False, **values})
    else:
        conn.execute(update(preferences).where(preferences.c.member_id == member_id).values(**values))

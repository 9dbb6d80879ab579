"""A member who has a USSD PIN confirms money on the web with it too: paying,
saving, repaying, approving and rejecting. The same count of wrong PINs
locks money actions on every channel (services/people/pins.py)."""
from __future__ import annotations

from chamabora.i18n.members import PIN_LOCK_NOTICE, PIN_LOCKED, PIN_NOW_LOCKED, PIN_WRONG
from chamabora.services.people.pins import LOCK_FOR, PinCheck, check_pin, has_pin, lock_ends, locked_until
from chamabora.channels.web.access import now, services
from chamabora.channels.web.i18n import gettext


def needs_pin(member_id: int) -> bool:
    return bool(services().only_reads(lambda conn: has_pin(conn, member_id)))


def refusal(member_id: int, pin: str | None) -> str | None:
    """None when the member may go on (the PIN is right, or they have none); otherwise what to tell them.
    A wrong PIN is counted and committed even though the action does not happen."""
    moment = now()

    def check(conn):  # type: ignore[no-untyped-def]
        until = locked_until(conn, member_id, moment)
        if until is not None:
            return gettext(PIN_LOCKED, until=lock_ends(until, moment))
        if not has_pin(conn, member_id):
            return None
        ends = lock_ends(moment + LOCK_FOR, moment)
        outcome = check_pin(conn, member_id, (pin or "").strip()[:12], moment, gettext(PIN_LOCK_NOTICE, until=ends))
        if outcome is PinCheck.OK:
            return None
        if outcome is PinCheck.NOW_LOCKED:
            return gettext(PIN_NOW_LOCKED, until=ends)
        return gettext(PIN_WRONG)

    return services().run(check)  # type: ignore[no-any-return]

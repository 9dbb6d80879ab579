"""A member's browser receiving their notices by web push (FCM). The web
session already proves the phone, so unlike the app (services/people/push_enrolment.py) no
code is texted: the browser's FCM registration token becomes the member's
push id, kept as the app's is (`services.notify.register_push_id`), with a
prefix that tells the FCM sender it is a token and not an installation id.
"""
from __future__ import annotations

from sqlalchemy import Connection

from chamabora.core.ports import WEB_TOKEN
from chamabora.services.notices.notify import forget_push_id, register_push_id

MAX_TOKEN = 300 - len(WEB_TOKEN)   # the push id column holds 300 characters


class BadToken(ValueError):
    """Not something FCM hands a browser: empty, too long, or with spaces or odd characters."""


def push_id(token: object) -> str:
    if not isinstance(token, str):
        raise BadToken("no token")
    token = token.strip()
    if not token or len(token) > MAX_TOKEN or not all(c.isascii() and (c.isalnum() or c in "-_:.") for c in token):
        raise BadToken("not an FCM token")
    return WEB_TOKEN + token


def register(conn: Connection, member_id: int, token: object) -> None:
    """From now on the member's notices go to this browser (instead of SMS, WhatsApp or the app)."""
    register_push_id(conn, member_id, push_id(token))


def forget(conn: Connection, member_id: int, token: object) -> bool:
    """This browser stops receiving the member's notices; False when it was not the one receiving them."""
    return forget_push_id(conn, member_id, push_id(token))

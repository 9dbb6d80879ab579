"""Push through Firebase Cloud Messaging (firebase-admin 7.7.0). The outbox
row's recipient is the member's Firebase installation id (FID): 7.7.0
deprecates registration tokens in favour of it (PROTOCOLS.md §6.1)."""
from __future__ import annotations

import firebase_admin
from firebase_admin import credentials, exceptions, messaging

from ..outbox.sending import Outgoing, SendFailed, Sent

APP_NAME = "chamabora-push"
TITLE = "Chamabora"
GONE = (messaging.UnregisteredError, messaging.SenderIdMismatchError, exceptions.InvalidArgumentError)


def firebase_app(credentials_path: str) -> firebase_admin.App:
    """One named app per process; initialising twice raises, so reuse it."""
    try:
        return firebase_admin.get_app(APP_NAME)
    except ValueError:
        return firebase_admin.initialize_app(credentials.Certificate(credentials_path), name=APP_NAME)


class FcmPush:
    provider = "fcm"

    def __init__(self, app: firebase_admin.App) -> None:
        self.app = app

    def send(self, message: Outgoing) -> Sent:
        data = {key: str(value) for key, value in message.payload.items() if key != "provider"}
        push = messaging.Message(notification=messaging.Notification(title=TITLE, body=message.body),
                                 data=data or None, fid=message.recipient)
        try:
            return Sent(self.provider, messaging.send(push, app=self.app))
        except GONE as error:
            raise SendFailed(f"fcm: {type(error).__name__}", permanent=True) from None
        except exceptions.FirebaseError as error:
            raise SendFailed(f"fcm: {type(error).__name__}") from None

"""Push through Firebase Cloud Messaging (firebase-admin 7.7.0). The outbox
row's recipient is the member's Firebase installation id (FID): 7.7.0
deprecates registration tokens in favour of it (PROTOCOLS.md §6.1).

Every send goes through `messaging.send_each`, at most 500 messages a call
(the SDK refuses more): a batch job hands all its push rows to `send_many`
at once, and a single row is a batch of one. FCM answers UNREGISTERED for
an app that was uninstalled or whose FID expired; those messages are handed
to `forget` (`services/notices/push_fallback.py`), which clears the member's push id so this
notice and later ones reach them by SMS or WhatsApp instead.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Callable

import firebase_admin
from firebase_admin import credentials, exceptions, messaging
from sqlalchemy.exc import SQLAlchemyError

from chamabora.core.ports import WEB_TOKEN, Outgoing, SendFailed, Sent

log = logging.getLogger(__name__)
APP_NAME = "chamabora-push"
TITLE = "Chamabora"
MOST_PER_CALL = 500
# Only UNREGISTERED proves the installation is gone. A bare NOT_FOUND is not
# taken as proof: a wrong project id answers it for every message, and
# forgetting on it would wipe every member's app.
GONE = (messaging.UnregisteredError,)
# Refused for good, but the FID may still be valid (our sender or payload is at fault).
REFUSED = (messaging.SenderIdMismatchError, exceptions.InvalidArgumentError, exceptions.NotFoundError)
Forget = Callable[[list[Outgoing]], None]
Result = Sent | SendFailed


class Unregistered(SendFailed):
    """FCM no longer knows this installation; the member's push id is cleared."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, permanent=True)


def firebase_app(credentials_path: str) -> firebase_admin.App:
    """One named app per process; initialising twice raises, so reuse it."""
    try:
        return firebase_admin.get_app(APP_NAME)
    except ValueError:
        return firebase_admin.initialize_app(credentials.Certificate(credentials_path), name=APP_NAME)


def build(message: Outgoing) -> messaging.Message | SendFailed:
    if not message.recipient:
        return SendFailed("fcm: no installation id", permanent=True)
    data = {key: str(value) for key, value in message.payload.items() if key != "provider"}
    notification = messaging.Notification(title=TITLE, body=message.body)
    if message.recipient.startswith(WEB_TOKEN):
        # a browser (services/people/web_push.py) has the registration token the Firebase JS SDK gives it, not an
        # installation id: the SDK marks tokens deprecated in favour of FIDs, but a browser has no other address yet
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Message.token is deprecated", category=DeprecationWarning)
            return messaging.Message(notification=notification, data=data or None,
                                     token=message.recipient[len(WEB_TOKEN):])
    return messaging.Message(notification=notification, data=data or None, fid=message.recipient)


def outcome(response: messaging.SendResponse) -> Result:
    if response.success:
        return Sent(FcmPush.provider, response.message_id)
    error, reason = response.exception, f"fcm: {type(response.exception).__name__}"
    if isinstance(error, GONE):
        return Unregistered(reason)
    return SendFailed(reason, permanent=isinstance(error, REFUSED))


class FcmPush:
    provider = "fcm"

    def __init__(self, app: firebase_admin.App, forget: Forget | None = None) -> None:
        self.app, self.forget = app, forget

    def send(self, message: Outgoing) -> Sent:
        result = self.send_many([message])[0]
        if isinstance(result, SendFailed):
            raise result
        return result

    def send_many(self, messages: list[Outgoing]) -> list[Result]:
        """One result per message, in order; one `send_each` call per 500."""
        results: list[Result] = []
        for at in range(0, len(messages), MOST_PER_CALL):
            results += self.send_each(messages[at:at + MOST_PER_CALL])
        gone = [m for m, result in zip(messages, results) if isinstance(result, Unregistered)]
        if gone and self.forget is not None:
            try:
                self.forget(gone)
            except SQLAlchemyError:
                # the pushes already left: failing the job now would send them again;
                # the next notice to these apps is refused the same way and tries again
                log.exception("could not forget %s unregistered installations", len(gone))
        return results

    def send_each(self, chunk: list[Outgoing]) -> list[Result]:
        built = [build(message) for message in chunk]
        ready = [push for push in built if isinstance(push, messaging.Message)]
        if not ready:
            return built  # type: ignore[return-value]
        try:
            answers = iter(messaging.send_each(ready, app=self.app).responses)
        except ValueError as error:
            # the SDK refuses the whole call when one message does not encode: send them
            # one by one so only that one fails
            if len(chunk) == 1:
                return [SendFailed(f"fcm: {error}"[:200], permanent=True)]
            return [result for message in chunk for result in self.send_each([message])]
        except exceptions.FirebaseError as error:
            return [SendFailed(f"fcm: {type(error).__name__}") for _ in chunk]
        return [push if isinstance(push, SendFailed) else outcome(next(answers)) for push in built]

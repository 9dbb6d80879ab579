"""`/chamas/<CODE>/events`: the live stream of one chama's open boards (Server-Sent Events).

It says only `changed` when a payment lands, a claim is held or a decision is taken in that
chama (chamabora/broadcast.py, published after commit); the page then fetches its own live
parts again (static/app.js); changes closer together than CALM are told as one. A comment every HEARTBEAT seconds keeps proxies from closing
the idle connection and lets the server notice a browser that went away.

Each open stream holds a server thread, so a process serves at most `live_streams` of them
(gunicorn.conf.py has the threads for them) and each ends after LIFETIME seconds: EventSource
reconnects by itself, and a reconnection is told `changed` at once, since a change may have
slipped through the gap. A stream over the limit is asked to come back later instead.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, request

from chamabora.channels.web.access import member_required, services
from chamabora.channels.web.officer_desk import officer_choice
from chamabora.channels.web import errors
from chamabora.channels.web.security import WEB_BLUEPRINTS

log = logging.getLogger(__name__)
bp = Blueprint("web_live", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)
HEARTBEAT = 15.0
LIFETIME = 600.0
CALM = 0.5           # seconds between two `changed` of one stream, at least
RETRY_MS = 3000      # EventSource's wait before reconnecting after a stream ends
BUSY_CALM = 0.5           # seconds between two `changed` of one stream, at least
RETRY_MS = 30000
_open = 0
_open_lock = threading.Lock()


@bp.get("/chamas/<code>/events")
@member_required
def events(code: str):  # type: ignore[no-untyped-def]
    chama_id = officer_choice(code).id
    app_services = services()
    if not _take_place(app_services.settings.web.live_streams):
        return _stream(iter([f"retry: {BUSY_RETRY_MS}\n\n"]))
    try:
        subscription = app_services.broadcast.subscribe(chama_id)
    except Exception:  # noqa: BLE001 - Redis away: the board still works, the browser asks again later
        _give_place()
        log.warning("live stream not opened: no subscription")
        return _stream(iter([f"retry: {BUSY_RETRY_MS}\n\n"]))
    return _stream(LiveStream(subscription, missed=bool(request.headers.get("Last-Event-ID"))))


class LiveStream:
    """The body of one open stream. The server calls `close` when the stream ends or the browser
    goes away, even when it never started, so the subscription and the place are given back."""

    def __init__(self, subscription, missed: bool) -> None:  # type: ignore[no-untyped-def]
        self.subscription, self.missed, self.closed = subscription, missed, False

    def __iter__(self) -> Iterator[str]:
        # subscribed before the first line goes out: once the browser sees the stream open, no change is lost
        yield f"retry: {RETRY_MS}\n\n"
        if self.missed:
            yield _changed()
        ends, told = time.monotonic() + LIFETIME, float("-inf")
        while not self.closed and (left := ends - time.monotonic()) > 0:
            try:
                changed = self.subscription.wait(min(HEARTBEAT, left))
                if changed and (calm := told + CALM - time.monotonic()) > 0:
                    # a burst of payments is one refresh per CALM, not one per payment per open board
                    time.sleep(calm)
                    self.subscription.wait(0)
            except Exception as error:  # noqa: BLE001 - Redis went away: end here, the browser comes back
                log.warning("live stream ended early (%s)", type(error).__name__)
                return
            if changed:
                told = time.monotonic()
                yield _changed()
            else:
                yield ": still here\n\n"

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.subscription.close()
            _give_place()


def _changed() -> str:
    return f"id: {time.time_ns()}\nevent: changed\ndata: changed\n\n"


def _stream(body: Iterable[str]) -> Response:
    return Response(body, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _take_place(limit: int) -> bool:
    global _open
    with _open_lock:
        if _open >= limit:
            return False
        _open += 1
        return True


def _give_place() -> None:
    global _open
    with _open_lock:
        _open -= 1


def open_streams() -> int:
    """How many streams this process holds open (tests check a closed one let go of its place)."""
    with _open_lock:
        return _open

"""The simulator's memory: issued tokens, scripted outcomes, open STK
prompts, B2C payments, registered C2B URLs, and the callbacks it has posted.

Outcomes are scripted per phone number, first in first out; an unscripted
prompt succeeds. `busy` and `bad_phone` refuse the request itself. `no_callback` completes the payment but never calls back,
which is what reconciliation exists for.
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

log = logging.getLogger(__name__)

OUTCOMES = {"success": "0", "insufficient": "1", "cancelled": "1032", "timeout": "1037", "wrong_pin": "2001"}
# outcomes where Daraja refuses the STK request itself, so no prompt and no callback: (HTTP status, errorCode,
# errorMessage), as PROTOCOLS.md 5.2 lists them
REFUSALS = {"busy": (500, "500.001.1001", "Unable to lock subscriber, a transaction is already in process for "
                                          "the current subscriber"),
            "bad_phone": (400, "400.002.02", "Bad Request - Invalid PhoneNumber")}


class UnknownOutcome(ValueError):
    """A scripted outcome the simulator cannot play: refused at once, not at the next prompt."""


def known_outcomes() -> list[str]:
    return [*OUTCOMES, *REFUSALS]


@dataclass
class Script:
    result_code: str = "0"
    deliver: bool = True           # False: no callback ever comes
    delay: float | None = None


@dataclass
class SimulatorState:
    consumer_key: str = "simulator"
    consumer_secret: str = "simulator"
    shortcode: str = "174379"
    passkey: str = ""
    delay: float = 0.2
    token: str | None = None
    stk: dict[str, dict[str, object]] = field(default_factory=dict)
    b2c: dict[str, dict[str, object]] = field(default_factory=dict)
    c2b_urls: dict[str, str] = field(default_factory=dict)
    posted: list[tuple[str, dict[str, object], int]] = field(default_factory=list)
    scripts: dict[str, deque[Script]] = field(default_factory=lambda: defaultdict(deque))
    _timers: list[threading.Timer] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, phone: int | str, outcome: str = "success", *, deliver: bool = True,
               delay: float | None = None) -> None:
        """The next STK prompt or B2C payment to this number ends with `outcome` (a name or a ResultCode)."""
        code = OUTCOMES.get(outcome, outcome)
        if code not in OUTCOMES.values() and code not in REFUSALS and not code.isdigit():
            raise UnknownOutcome(f"unknown outcome {outcome!r}: use one of {', '.join(known_outcomes())} "
                                 f"or a numeric ResultCode")
        self.scripts[_digits(phone)].append(Script(code, deliver, delay))

    def next_script(self, phone: int | str) -> Script:
        queue = self.scripts.get(_digits(phone))
        return queue.popleft() if queue else Script()

    def issue_token(self) -> str:
        # Daraja: "each request invalidates the previous token"
        self.token = secrets.token_urlsafe(18)
        return self.token

    def later(self, delay: float, work: Callable[[], None]) -> None:
        timer = threading.Timer(delay, work)
        timer.daemon = True
        with self._lock:
            self._timers.append(timer)
        timer.start()

    def post(self, url: str, body: dict[str, object]) -> int:
        try:
            status = requests.post(url, json=body, timeout=10).status_code
        except requests.RequestException as exc:
            log.warning("simulator could not reach %s: %s", url.split("?")[0], type(exc).__name__)
            status = 0
        with self._lock:
            self.posted.append((url.split("?")[0], body, status))
        return status

    def drain(self, timeout: float = 10.0) -> None:
        """Wait for every scheduled callback to have been posted (tests call this)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                timers = [t for t in self._timers if t.is_alive()]
                self._timers = timers
            if not timers:
                return
            timers[0].join(max(deadline - time.monotonic(), 0.01))
            if time.monotonic() > deadline:
                raise TimeoutError("simulator callbacks still pending")

    def cancel_all(self) -> None:
        with self._lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()


def _digits(phone: int | str) -> str:
    return str(phone).lstrip("+")

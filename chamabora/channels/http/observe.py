"""Every request: a request id (the caller's `X-Request-Id` when it is a
sane one, else a new one, echoed in the response), the channel from the
path, one log line when it is answered (route, status, duration; never the
body), and the route's latency and status in the metrics. What a webhook
says about the outside world (a USSD screen ending, an STK outcome, a
delivery report) is counted from the request and response here, so the
channel adapters stay as they are."""
from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable

from flask import Flask, Request, Response, g, request

from chamabora.channels.http.input import MalformedInput, json_body
from chamabora.ops import logs
from chamabora.ops.metrics import B2C, DELIVERY, HTTP_RESPONSES, HTTP_SECONDS, INBOUND, STK, USSD_HOPS, USSD_SESSION_ENDS

log = logging.getLogger("chamabora.http")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{6,64}$")
QUIET = frozenset({"/healthz", "/readyz", "/metrics"})   # probes: counted, logged only at debug
CHANNELS = (("/ussd", "ussd"), ("/sms", "sms"), ("/whatsapp", "whatsapp"), ("/mpesa", "mpesa"),
            ("/simulator", "simulator"))
STK_OUTCOMES = {0: "paid", 1: "insufficient_funds", 1032: "cancelled", 1037: "unreachable", 2001: "wrong_pin"}
Observer = Callable[[Request, Response], None]


def channel_of(path: str) -> str:
    for prefix, channel in CHANNELS:
        if path.startswith(prefix):
            return channel
    return "web"


def request_id() -> str:
    given = request.headers.get("X-Request-Id", "")
    return given if REQUEST_ID.match(given) else os.urandom(8).hex()


def route_of() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"   # a 404's path is not a label: any path could be


def _json(req: Request) -> dict:  # type: ignore[type-arg]
    try:
        body = json_body()[1]   # the reading the route made; nothing parsed twice
    except MalformedInput:
        return {}
    return body if isinstance(body, dict) else {}


def ussd_hop(req: Request, resp: Response) -> None:
    screen = resp.get_data()[:3]
    if screen in (b"CON", b"END"):
        USSD_HOPS.labels(screen.decode().lower()).inc()
    if screen == b"END":
        USSD_SESSION_ENDS.labels("end_screen").inc()


def ussd_event(req: Request, resp: Response) -> None:
    status = (req.form.get("status") or "unknown").strip().lower()[:20]
    USSD_SESSION_ENDS.labels(status if status.isalpha() else "unknown").inc()


def inbound(channel: str, provider: str) -> Observer:
    def observe(req: Request, resp: Response) -> None:
        count = len(_json(req).get("results") or []) if provider == "infobip" else 1
        INBOUND.labels(channel, provider).inc(count)
    return observe


def delivery(provider: str) -> Observer:
    def observe(req: Request, resp: Response) -> None:
        if provider == "africastalking":
            states = [req.form.get("status") or "unknown"]
        elif provider == "twilio":
            states = [req.form.get("MessageStatus") or req.form.get("SmsStatus") or "unknown"]
        else:
            states = [(r.get("status") or {}).get("groupName", "unknown") for r in _json(req).get("results") or []
                      if isinstance(r, dict)]
        for state in states:
            DELIVERY.labels(provider, str(state).lower()[:20]).inc()
    return observe


def stk_callback(req: Request, resp: Response) -> None:
    code = ((_json(req).get("Body") or {}).get("stkCallback") or {}).get("ResultCode")
    try:
        STK.labels(STK_OUTCOMES.get(int(code), "failed")).inc()
    except (TypeError, ValueError):
        pass   # not Daraja's shape: refused as 400 by the route


def b2c_result(req: Request, resp: Response) -> None:
    code = (_json(req).get("Result") or {}).get("ResultCode")
    if code is not None:
        B2C.labels("paid" if str(code) == "0" else "failed").inc()


OBSERVERS: dict[str, Observer] = {
    "/ussd/africastalking": ussd_hop,
    "/ussd/africastalking/events": ussd_event,
    "/sms/africastalking": inbound("sms", "africastalking"),
    "/sms/twilio": inbound("sms", "twilio"),
    "/sms/infobip": inbound("sms", "infobip"),
    "/whatsapp/twilio": inbound("whatsapp", "twilio"),
    "/whatsapp/infobip": inbound("whatsapp", "infobip"),
    "/sms/africastalking/delivery": delivery("africastalking"),
    "/sms/twilio/status": delivery("twilio"),
    "/sms/infobip/delivery": delivery("infobip"),
    "/whatsapp/infobip/delivery": delivery("infobip"),
    "/mpesa/stk/callback": stk_callback,
    "/mpesa/b2c/result": b2c_result,
    "/mpesa/b2c/timeout": lambda req, resp: B2C.labels("timeout").inc(),
}


def init_app(app: Flask) -> None:
    @app.before_request
    def _begin() -> None:
        g.ops_started = time.perf_counter()
        g.ops_token = logs._context.set({"request_id": request_id(), "channel": channel_of(request.path)})

    @app.after_request
    def _end(response: Response) -> Response:
        started = g.get("ops_started")
        if started is None:    # a request refused before our hook ran (too large a body)
            return response
        seconds, route = time.perf_counter() - started, route_of()
        HTTP_SECONDS.labels(route, request.method).observe(seconds)
        HTTP_RESPONSES.labels(route, str(response.status_code)).inc()
        observer = OBSERVERS.get(route)
        if observer is not None and response.status_code < 300:
            try:
                observer(request, response)
            except Exception:  # noqa: BLE001 - counting must never cost the caller its answer
                log.exception("counting %s failed", route)
        response.headers["X-Request-Id"] = logs.current().get("request_id", "")
        level = logging.DEBUG if request.path in QUIET else logging.INFO
        if log.isEnabledFor(level):
            log.log(level, "request", extra={"method": request.method, "route": route,
                                             "status": response.status_code,
                                             "duration_ms": round(seconds * 1000, 1)})
        return response

    @app.teardown_request
    def _clear(_error: BaseException | None) -> None:
        token = g.pop("ops_token", None)
        if token is not None:
            logs._context.set({})

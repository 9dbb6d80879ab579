"""Every error in the form its caller reads, and never a stack trace.

- Webhooks answer in their provider's own format: a USSD `END` screen with
  a friendly line, an empty TwiML for Twilio, Daraja's result JSON for
  M-Pesa, an empty body for the rest. An unforeseen failure of a webhook
  whose provider retries (Africa's Talking SMS, Infobip, Daraja) is a 503,
  so it is delivered again; USSD and Twilio do not retry, so the member gets
  the friendly screen (or nothing) with a 200.
- Browsers get a small HTML page; API callers and scripts get JSON.
- Core refusals map to 4xx; anything unforeseen is logged (and sent to
  Sentry where configured) and counted in `chamabora_unhandled_errors_total`.
"""
from __future__ import annotations

import logging

from flask import Response, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException, InternalServerError

from chamabora.core.errors import ChamaError, Forbidden, NotFound
from chamabora.ops.metrics import UNHANDLED
from chamabora.channels.http.input import MalformedInput

log = logging.getLogger(__name__)
USSD_SORRY = "END Sorry, something went wrong. Please dial again."
USSD_REFUSED = "END Sorry, this request could not be read."
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
RETRIED = ("/sms/africastalking", "/sms/infobip", "/whatsapp/infobip", "/mpesa/")
PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>{{ title }} · Chamabora</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
<h1>{{ title }}</h1><p>{{ message }}</p><p><a href="/">Back to Chamabora</a></p></body></html>"""
FRIENDLY = {400: "The request could not be read.", 403: "You are not allowed to do that.",
            404: "There is nothing here.", 405: "That is not how this page is used.",
            413: "That was too large to send.", 429: "Too many requests. Please wait a moment and try again."}


def status_for(error: ChamaError) -> int:
    if isinstance(error, MalformedInput):
        return 400
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    return 422


def wants_html() -> bool:
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "text/html" and "text/html" in accept


def webhook_answer(status: int, code: str) -> Response | None:
    """The provider's own format, or None when the path is not a webhook (or a 4xx its provider
    shows to no one: a refusal's JSON helps whoever reads the provider's console)."""
    path = request.path
    if path.startswith("/ussd/"):
        if status >= 500:
            return Response(USSD_SORRY, 200, mimetype="text/plain")
        return Response(USSD_REFUSED, status, mimetype="text/plain")
    if status < 500:
        return _daraja_refusal(path, code) if code == MalformedInput.code else None
    if path.startswith(("/sms/twilio", "/whatsapp/twilio")):
        return Response(EMPTY_TWIML, 200, mimetype="application/xml")
    if path.startswith("/mpesa/"):
        return Response(f'{{"ResultCode": 1, "ResultDesc": "{code}"}}', 503, mimetype="application/json")
    if path.startswith(RETRIED):
        return Response("", 503)
    return None


def _daraja_refusal(path: str, code: str) -> Response | None:
    """A malformed callback refused in Daraja's own result shape, as the routes refuse a bad one."""
    if path == "/mpesa/c2b/validation":
        return Response(f'{{"ResultCode": "C2B00016", "ResultDesc": "Rejected: {code}"}}', 400,
                        mimetype="application/json")
    if path.startswith("/mpesa/"):
        return Response(f'{{"ResultCode": 1, "ResultDesc": "{code}"}}', 400, mimetype="application/json")
    return None


def answer(status: int, code: str, message: str) -> Response:
    found = webhook_answer(status, code)
    if found is not None:
        return found
    if wants_html():
        title = "Something went wrong" if status >= 500 else FRIENDLY.get(status, "That did not work")
        return Response(render_template_string(PAGE, title=title, message=message), status, mimetype="text/html")
    response = jsonify(error=code, message=message)
    response.status_code = status
    return response


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    @app.errorhandler(ChamaError)
    def _chama_error(error: ChamaError):  # type: ignore[no-untyped-def]
        return answer(status_for(error), error.code, str(error))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if isinstance(error, InternalServerError) and error.original_exception is not None:
            return _unforeseen(error.original_exception)
        code = error.code or 500
        return answer(code, error.name.lower().replace(" ", "_"),
                      FRIENDLY.get(code) if code >= 500 else (error.description or FRIENDLY.get(code, "")))

    @app.errorhandler(Exception)
    def _unforeseen(error: Exception):  # type: ignore[no-untyped-def]
        rule = request.url_rule
        UNHANDLED.labels(rule.rule if rule is not None else "unmatched").inc()
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
        return answer(500, "internal_error", "Something went wrong on our side. Please try again shortly.")

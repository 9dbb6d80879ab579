"""The Flask side of reading a webhook: the request's JSON parsed once per
request, and the checks every webhook passes before its route runs. The
reading itself (what is refused and why) is `parser/webhook_input.py`, shared
with the Daraja simulator and the workers that re-read stored bodies.
"""
from __future__ import annotations

from typing import Any

from flask import g, request

# the channels read these names here, beside the request's own reading
from chamabora.parser.webhook_input import (MalformedInput, check_form_bytes, clean, digits,  # noqa: F401
                                            message_text, parse_json, plain_digits)


def json_body() -> tuple[str, Any]:
    """This request's JSON, parsed once per request (the guard and the route share it)."""
    if "webhook_json" not in g:
        try:
            g.webhook_json = parse_json(request.get_data(cache=True))
        except MalformedInput as error:
            g.webhook_json = error
    if isinstance(g.webhook_json, MalformedInput):
        raise g.webhook_json
    return g.webhook_json  # type: ignore[no-any-return]


def guard_request() -> None:
    """Run before every webhook: query string and body checked once, whatever the route."""
    check_form_bytes(request.query_string)
    if request.mimetype == "application/x-www-form-urlencoded":
        check_form_bytes(request.get_data(cache=True))
    elif request.mimetype == "application/json" or request.is_json:
        json_body()


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.before_request(guard_request)

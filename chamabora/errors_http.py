"""HTTP status for every error: core codes map to 4xx, anything unforeseen to
a logged 500 with no internals in the body."""
from __future__ import annotations

import logging

from flask import jsonify
from werkzeug.exceptions import HTTPException

from .core.errors import ChamaError, Forbidden, NotFound

log = logging.getLogger(__name__)


def status_for(error: ChamaError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    return 422


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    @app.errorhandler(ChamaError)
    def _chama_error(error: ChamaError):  # type: ignore[no-untyped-def]
        return jsonify(error=error.code, message=str(error)), status_for(error)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        return jsonify(error=error.name.lower().replace(" ", "_"), message=error.description), error.code

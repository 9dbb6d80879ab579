"""Where a Flask app keeps its composition root, and the typed way to reach
it: `root_of(app)`, or `current_root()` inside a request or a CLI command."""
from __future__ import annotations

from flask import Flask, current_app

from chamabora.composition.root import Root

KEY = "chamabora"


def root_of(app: Flask) -> Root:
    return app.extensions[KEY]  # type: ignore[no-any-return]


def current_root() -> Root:
    """The root of the app handling this request or command."""
    return root_of(current_app)  # type: ignore[arg-type]

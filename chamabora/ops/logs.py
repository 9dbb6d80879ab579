"""Structured logs: JSON lines in production, readable lines locally, and
every line carries what it is about (request id, channel, chama, member,
job) from a context the request or job binds once.

What never reaches a log, whoever logs it: PINs, OTPs, tokens and secrets
(by field name and in `key=value` text), full phone numbers (the middle
digits are masked), and the words of a money command (`PAY 500 UMOJA`).
Our own lines carry no message bodies at all; the filter catches what a
library or an exception message would otherwise leak, SQL parameters
included.
"""
from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from pythonjsonlogger.json import JsonFormatter

CONTEXT_FIELDS = ("request_id", "channel", "route", "chama_id", "member_id", "job", "job_id")
_context: ContextVar[dict[str, Any]] = ContextVar("chamabora_log_context", default={})  # noqa: B039 - never mutated

SECRET_NAMES = re.compile(r"pin|otp|token|secret|password|passkey|api_?key|authorization|credential|signature",
                          re.IGNORECASE)
BODY_NAMES = frozenset({"body", "text", "message_body", "Body", "input"})
# key=value or key: value, and "Bearer x" in free text
SECRET_PAIRS = re.compile(r"(?i)\b((?:new_?|old_?)?(?:pin|otp|token|secret|password|passkey|api_?key|credential)s?)"
                          r"(\s*[=:]\s*|\"\s*:\s*\")([^\s&,;'\"]+)")
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}")
# Kenyan phones in any form we accept: +2547..., 2547..., 07..., 01...
PHONE = re.compile(r"(?<![\d*])(\+?254|0)([17]\d)(\d{4})(\d{3})(?!\d)")
# a money command's words: the keyword and all that follows it on the line
MONEY_WORDS = re.compile(r"(?i)\b(pay|lipa|repay|save|weka|withdraw|toa|loan|mkopo|approve|kubali)\b"
                         r"(\s+(loan|mkopo))?\s+(ksh|kes)?\s*\d[\d,.]*k?\b[^\n]*")
SQL_PARAMETERS = re.compile(r"\[parameters: .*?\]\s*(\(Background on this error)?", re.DOTALL)
STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime",
                                                                                   "taskName"}


def mask_phone(text: str) -> str:
    return PHONE.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(4)}", text)


# what every pattern below needs at least one of: most log text (routes, ids, words) has none
NEEDS_A_LOOK = re.compile(r"\d{3}|[=:]|(?i:bearer|basic)")


def redact(text: str) -> str:
    """A line's text with secrets, phones and money commands taken out."""
    if not text or not NEEDS_A_LOOK.search(text):
        return text
    text = SQL_PARAMETERS.sub(r"[parameters: redacted] \1", text) if "[parameters:" in text else text
    text = SECRET_PAIRS.sub(r"\1\2[redacted]", text)
    text = BEARER.sub(r"\1 [redacted]", text)
    text = MONEY_WORDS.sub(lambda m: f"{m.group(1).upper()} [money command]", text)
    return mask_phone(text)


@lru_cache(maxsize=512)
def field_kind(name: str) -> str:
    if SECRET_NAMES.search(name):
        return "secret"
    return "body" if name in BODY_NAMES else "plain"


def redact_value(name: str, value: Any) -> Any:
    kind = field_kind(name)
    if kind == "secret":
        return "[redacted]"
    if kind == "body":
        return f"[{len(value)} chars]" if isinstance(value, str) else "[redacted]"
    return redact(value) if isinstance(value, str) else value


def bind(**fields: Any) -> None:
    """Add fields (chama, member, ...) to every later line of this request or job."""
    known = {k: v for k, v in fields.items() if v is not None}
    if known:
        _context.set({**_context.get(), **known})


def current() -> dict[str, Any]:
    return dict(_context.get())


@contextmanager
def scope(inherit: bool = False, **fields: Any) -> Iterator[dict[str, Any]]:
    """A fresh context for one request or job (nothing leaks into the next one on this thread);
    `inherit` keeps the enclosing one's fields, for one item of a job's many."""
    base = _context.get() if inherit else {}
    token = _context.set({**base, **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield _context.get()
    finally:
        _context.reset(token)


def prepared(original: logging.LogRecord) -> logging.LogRecord:
    """A copy of the record with the context added and everything redacted. A copy, so other
    handlers (a test's capture, a library's own) see the record as it was logged."""
    record = logging.LogRecord.__new__(logging.LogRecord)   # a shallow copy, without copy's generic path
    record.__dict__.update(original.__dict__)
    for name, value in _context.get().items():
        if not hasattr(record, name):
            setattr(record, name, value)
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string is still logged, as its template
        message = str(record.msg)
    record.msg, record.args = redact(message), None
    fields = record.__dict__
    for name in [n for n in fields if n not in STANDARD]:
        fields[name] = redact_value(name, fields[name])
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text, record.exc_info = redact(record.exc_text), None
    return record


class RedactingJsonFormatter(JsonFormatter):
    def format(self, record: logging.LogRecord) -> str:
        return super().format(prepared(record))


class ReadableFormatter(logging.Formatter):
    """`12:00:01 INFO  chamabora.http request  route=/sms/africastalking status=200 duration_ms=4.1 ...`."""

    def format(self, record: logging.LogRecord) -> str:
        record = prepared(record)
        extras = " ".join(f"{name}={value}" for name, value in record.__dict__.items()
                          if name not in STANDARD and value is not None)
        base = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name} {record.getMessage()}"
        line = f"{base}  {extras}" if extras else base
        return f"{line}\n{record.exc_text}" if record.exc_text else line


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return RedactingJsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                      rename_fields={"asctime": "time", "levelname": "level", "name": "logger",
                                                     "exc_info": "exception"},
                                      datefmt="%Y-%m-%dT%H:%M:%S%z")
    return ReadableFormatter()


_HANDLER_MARK = "_chamabora_handler"


def configure(level: str = "INFO", kind: str = "text", stream: Any = None) -> logging.Handler:
    """One handler on the root logger (replacing ours from an earlier call, leaving others alone)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(formatter(kind))
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("werkzeug",):   # we log one line per request ourselves
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return handler


outside = logging.getLogger("chamabora.outside")


@contextmanager
def outside_call(provider: str, operation: str, **fields: Any) -> Iterator[dict[str, Any]]:
    """One line (and one metric sample) per call to a provider: provider, operation, duration, outcome.
    The body may set `outcome` in the yielded dict; an exception makes it 'error'."""
    # metrics chooses its storage when first imported (ops/multiprocess.py): logging, set up first, must not choose early
    from chamabora.ops.metrics import OUTSIDE_CALLS

    result: dict[str, Any] = {"outcome": "ok"}
    started = time.perf_counter()
    try:
        yield result
    except BaseException as error:
        if result["outcome"] == "ok":  # a body that named its failure ('rejected') keeps that word
            result["outcome"] = "error"
        result.setdefault("error", type(error).__name__)
        raise
    finally:
        seconds = time.perf_counter() - started
        OUTSIDE_CALLS.labels(provider, operation, result["outcome"]).observe(seconds)
        outside.info("outside call", extra={"provider": provider, "operation": operation,
                                            "duration_ms": round(seconds * 1000, 1), **fields, **result})

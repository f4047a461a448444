"""Structured logs: one JSON object a line, one line an event.

Every request ends with one ``request`` event: time, level, request id, user id, method,
route (the URL rule, ``/author/reports/<int:report_id>``, never the URL with its ids or query),
status and duration. Other events (errors, the worker's) carry the same request fields when
they happen inside a request.

What a line may hold is fixed here, not by the caller: the message, the logger's name, the
request fields, and a few whitelisted numeric or short fields passed as ``extra``. An
exception is logged as its class and the file and line it came from, never its message or
traceback text (either may quote report text or SQL values).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from werkzeug.wrappers import Response

log = logging.getLogger("reportsvc.request")

REQUEST_ID_HEADER = "X-Request-Id"
_GOOD_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,80}$")
# Fields a caller may add with ``extra={...}``; anything else is dropped.
EXTRA_FIELDS = ("status", "duration_ms", "worker", "mails", "attempt", "outcome", "kind", "count")


def request_fields() -> dict[str, Any]:
    """The request id, user id, method and route of the current request (if any)."""
    if not has_request_context():
        return {}
    user = g.get("_login_user")
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    return {
        "request_id": g.get("request_id"),
        "user_id": user_id,
        "method": request.method,
        "route": route(),
    }


def route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "(unmatched)"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": _message(record),
        }
        entry.update(request_fields())
        for key in EXTRA_FIELDS:
            value = record.__dict__.get(key)
            if isinstance(value, int | float | bool) or (
                isinstance(value, str) and len(value) <= 80
            ):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = _exception_summary(record.exc_info)
        return json.dumps(entry, separators=(",", ":"), default=str)


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):
        return str(record.msg)


def _exception_summary(exc_info: Any) -> str:
    kind, _value, tb = exc_info
    where = ""
    while tb is not None:
        where = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    return f"{kind.__name__} at {where}" if where else kind.__name__


_configured: dict[str, logging.Handler] = {}


def configure(fmt: str, level: str, stream: Any = None) -> None:
    """Send the ``reportsvc`` loggers to stderr, in JSON or plain text (once per process)."""
    logger = logging.getLogger("reportsvc")
    logger.setLevel(level.upper())
    if fmt not in ("json", "plain"):
        raise RuntimeError("REPORTSVC_LOG_FORMAT must be json or plain")
    if "handler" in _configured:
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    logger.addHandler(handler)
    logger.propagate = False
    _configured["handler"] = handler


def init_app(app: Flask) -> None:
    if app.config["LOG_FORMAT"] != "none" and not app.config.get("TESTING"):
        configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    # First of all before_request functions: CSRFProtect may answer before later ones run.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)


def _start() -> None:
    g.ops_started = time.perf_counter()
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _GOOD_REQUEST_ID.match(incoming) else uuid.uuid4().hex


def elapsed() -> float:
    return time.perf_counter() - g.get("ops_started", time.perf_counter())


def _finish(response: Response) -> Response:
    if "request_id" not in g:
        _start()
    response.headers[REQUEST_ID_HEADER] = g.request_id
    if request.endpoint == "static":
        return response
    duration = elapsed()
    status = response.status_code
    level = logging.ERROR if status == 500 else logging.WARNING if status > 500 else logging.INFO
    log.log(
        level,
        "request",
        extra={"status": response.status_code, "duration_ms": round(duration * 1000, 1)},
    )
    return response

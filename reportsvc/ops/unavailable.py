"""While the database cannot be reached: a clear 503 page or JSON error, never a 500.

A connection refused, dropped mid-query or timed out is the database's state, not a bug:
the answer says so, asks the browser to try again in a few seconds (``Retry-After``), and a
report form posted meanwhile is carried back to the author's browser with everything typed,
as after a timed-out session. The pool checks each connection before use, so service comes
back by itself when the database does, without a restart.
"""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask_login import AnonymousUserMixin
from sqlalchemy import exc

from reportsvc.auth import resume

log = logging.getLogger("reportsvc.unavailable")

RETRY_AFTER_SECONDS = 5
MESSAGE = (
    "The service cannot reach its database for a moment. Nothing you sent was saved. "
    "Try again in a few seconds."
)


PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, the service is unavailable</title></head><body><main>"
    "<h1>Sorry, the service is unavailable</h1><p>" + MESSAGE + "</p></main></body></html>"
)


class DatabaseGuard:
    """WSGI middleware: a database failure that escapes Flask's handlers (in a teardown
    function, after the view answered) becomes the same 503, not gunicorn's bare 500."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        # Flask calls start_response before its teardown functions run, so hold the status
        # and headers until the app has returned, and pass them on only then.
        held: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            held[:] = [status, headers, exc_info]
            return lambda _data: None  # the legacy write() callable; Flask never uses it

        try:
            body = self.wsgi_app(environ, hold)
        except (exc.OperationalError, exc.InterfaceError) as error:
            if not unreachable(error):
                raise
            log.warning("database unavailable after the response (%s)", type(error).__name__)
            path = environ.get("PATH_INFO", "")
            if path.startswith("/api/") or "json" in environ.get("CONTENT_TYPE", ""):
                text = json.dumps({"error": MESSAGE, "retry_after": RETRY_AFTER_SECONDS})
                kind = "application/json"
            else:
                text, kind = PAGE, "text/html; charset=utf-8"
            data = text.encode()
            start_response(
                "503 SERVICE UNAVAILABLE",
                [
                    ("Content-Type", kind),
                    ("Content-Length", str(len(data))),
                    ("Retry-After", str(RETRY_AFTER_SECONDS)),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [data]
        start_response(*held) if held[2] is not None else start_response(*held[:2])
        return body


# SQLite raises OperationalError for a mistake in the SQL too ("no such column"); those are
# bugs, not an unreachable database, and must not be disguised as "try again later".
SQL_MISTAKES = ("no such ", "syntax error", "has no column", "ambiguous column")


def unreachable(error: BaseException) -> bool:
    """A failure to reach or use the database (a 503), not a mistake in the SQL (a 500)."""
    if isinstance(error, exc.InterfaceError):
        return True
    first = str(getattr(error, "orig", "") or "").splitlines()[0:1]
    text = first[0].lower() if first else ""
    return not any(text.startswith(m) or m in text[:40] for m in SQL_MISTAKES)


def init_app(app: Flask) -> None:
    app.wsgi_app = DatabaseGuard(app.wsgi_app)  # type: ignore[method-assign]

    @app.errorhandler(exc.OperationalError)
    @app.errorhandler(exc.InterfaceError)
    def _database_unavailable(error: exc.DBAPIError) -> Any:
        if not unreachable(error):
            from reportsvc.errors import unexpected

            return unexpected(error)  # a mistake in our SQL: a 500, not "try again later"
        # The page must not touch the database again: nobody is loaded as signed in (the
        # page shows no menu) and the broken session is dropped.
        g._login_user = AnonymousUserMixin()
        broken = g.pop("db_session", None)
        if broken is not None:
            with contextlib.suppress(Exception):
                broken.close()
        # The kind only: the message may quote SQL values.
        log.warning("database unavailable (%s)", type(error.orig).__name__ if error.orig else "?")
        if resume.resumable():
            body, status = resume.render(
                resume.carried_from_request(),
                request.path,
                "The service could not reach its database, so your report was not saved.",
                status=503,
            )
        elif request.path.startswith("/api/") or request.is_json:
            body, status = jsonify(error=MESSAGE, retry_after=RETRY_AFTER_SECONDS), 503
        else:
            body = render_template(
                "errors/error.html",
                status=503,
                title="Sorry, the service is unavailable",
                message=MESSAGE,
            )
            status = 503
        return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}

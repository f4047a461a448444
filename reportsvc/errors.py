"""Error pages and JSON errors that show no traceback, SQL or report text."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from reportsvc.auth import resume

log = logging.getLogger(__name__)

TITLES = {
    400: "There is a problem with the request",
    401: "You need to sign in",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "That action is not allowed here",
    409: "This report has changed since you opened it",
    413: "What you sent is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def _respond(status: int, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify(error=message), status
    return render_template(
        "errors/error.html", status=status, title=TITLES.get(status, "Error"), message=message
    ), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> Any:
        if resume.resumable():
            return resume.render(
                resume.carried_from_request(),
                request.path,
                "The page had been open too long, or was sent from somewhere else, so it could "
                "not be saved safely.",
                status=400,
            )
        return _respond(
            400,
            "Your form had expired or was sent from another site, so nothing was changed. "
            "Go back, copy anything you typed, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[Response | str, int]:
        status = error.code or 500
        # Our own abort() descriptions are written for users; werkzeug's defaults are fine too.
        return _respond(status, error.description or TITLES.get(status, "Error"))

    app.register_error_handler(Exception, unexpected)


def unexpected(error: Exception) -> tuple[Response | str, int]:
    """The 500 for anything unhandled. Logs the type and where, never the message: it may
    quote report text or SQL values."""
    log.error(
        "unhandled %s on %s %s",
        type(error).__name__,
        request.method,
        request.url_rule.rule if request.url_rule else "?",
    )
    return _respond(500, "Nothing you sent was lost. Try again later.")

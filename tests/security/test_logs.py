"""Report text never reaches a log record, an error page, a URL, a flash message or the
session cookie. Requests run with every logger captured at DEBUG; the planted marker is
sought in every record (message, arguments and exception text) and every response.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from reportsvc import db
from tests import pages
from tests.conftest import make_app
from tests.security.support import csrf_token, plant_through_form

MARK = "zqlog" + secrets.token_hex(4)


def app_with_failing_route(url: str, secret: str) -> Flask:
    """An app with one extra route that fails with ``secret`` in the exception and in SQL."""
    app = make_app(url)

    def boom() -> Any:
        if secret.endswith("sql"):
            with app.app_context():
                db.session().execute(text(f"SELECT no_such_column FROM reports -- {secret}"))  # noqa: S608 - on purpose
        raise RuntimeError(f"failed while handling {secret}")

    boom.required_roles = None  # type: ignore[attr-defined]
    app.add_url_rule("/boom", "boom", boom)
    return app


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def session_contents(app: Flask, client: Any) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return ""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return json.dumps(serializer.loads(cookie.value), default=str)


def test_report_text_never_reaches_logs_urls_flashes_or_errors(app, world, caplog):
    caplog.set_level(logging.DEBUG)
    author = app.test_client()
    assert pages.sign_in(author, world.emails["author_gp"], "correct horse battery staple")
    responses = []
    planted = plant_through_form(author, world.gp_report, lambda f: f"{MARK} {f}")
    assert planted
    token = csrf_token(author)
    api = {"X-CSRFToken": token}
    fields = [["version", "0"], ["section_worries", f"{MARK} worries"]]
    responses += [
        author.post(
            f"/api/v1/reports/{world.gp_report}/draft", json={"fields": fields}, headers=api
        ),
        author.post(
            f"/api/v1/reports/{world.gp_report}/check", json={"fields": fields}, headers=api
        ),
        author.post(
            "/api/v1/score",
            json={"format": "cpc-report/1", "conference": {"type": MARK, "date": MARK}},
            headers=api,
        ),
        author.post("/api/v1/check", json={"sections": {"worries": MARK}, "x": MARK}, headers=api),
        author.post(
            "/api/v1/score", data=f'{{"a": "{MARK}"', content_type="application/json", headers=api
        ),
        author.post(
            f"/author/reports/{world.gp_report}/import",
            data={
                "csrf_token": token,
                "version": "1",
                "file": (
                    io.BytesIO(json.dumps({"sections": {"worries": MARK}}).encode()),
                    "r.json",
                ),
            },
            content_type="multipart/form-data",
        ),
        author.post(  # a stale save: the conflict page shows the author's own text only
            f"/author/reports/{world.gp_report}",
            data={"csrf_token": token, "version": "0", "section_worries": MARK, "action": "save"},
        ),
        author.post(  # no CSRF token: refused, and the text is carried back, not logged
            f"/author/reports/{world.gp_report}", data={"section_worries": MARK, "action": "save"}
        ),
    ]
    # the session expires while the author types; the text comes back on the resume page
    with author.session_transaction() as session:
        session["seen_at"] = time.time() - 3600
    responses.append(
        author.post(
            f"/author/reports/{world.gp_report}",
            data={"csrf_token": token, "version": "1", "section_worries": MARK, "action": "save"},
        )
    )
    for response in responses:
        assert response.status_code < 500, response.status_code
        assert MARK not in response.headers.get("Location", "")
        if response.is_json:
            assert MARK not in response.get_data(as_text=True), response.get_json()
    assert MARK not in session_contents(app, author), "report text in the session cookie"
    logged = everything_logged(caplog)
    assert MARK not in logged, "report text reached a log record"


@pytest.mark.parametrize("kind", ["exception", "sql"])
def test_errors_log_no_text_and_show_no_traceback_or_sql(database_url, caplog, kind):
    caplog.set_level(logging.DEBUG)
    secret = MARK + kind
    app = app_with_failing_route(database_url, secret)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    for leak in (secret, "Traceback", "SELECT", "no_such_column", "RuntimeError", 'File "'):
        assert leak not in body, leak
    logged = everything_logged(caplog)
    assert secret not in logged
    assert "no_such_column" not in logged  # the SQL text may quote values
    assert any("unhandled" in r.getMessage() for r in caplog.records)
    json_response = app.test_client().get("/boom", headers={"Accept": "application/json"})
    assert secret not in json_response.get_data(as_text=True)
    with app.app_context():
        db.engine().dispose()

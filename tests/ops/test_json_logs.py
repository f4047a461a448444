"""The JSON logs: one line an event with time, level, request id, user id, route, status and
duration; and never a report's text, a child's name or an email address, whatever happens
(saves, checks, a failed sign-in with an unknown address, a crash quoting report text, the
database going away)."""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from reportsvc import db
from reportsvc.models import Child
from reportsvc.ops.logs import JsonFormatter
from tests import pages
from tests.conftest import make_app
from tests.security.support import csrf_token, plant_through_form
from tests.world import PASSWORD

MARK = "zqjson" + secrets.token_hex(4)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Every record of every logger, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def events(stream: io.StringIO) -> list[dict[str, Any]]:
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # every line is one JSON object


def with_crash(app: Flask) -> Flask:
    def boom() -> Any:
        raise RuntimeError(f"failed on {MARK} for leah@family.example")

    boom.required_roles = None  # type: ignore[attr-defined]
    app.add_url_rule("/boom/<int:number>", "boom", boom)
    return app


def test_request_events_carry_the_fields_an_operator_needs(app, world, json_lines):
    client = app.test_client()
    assert pages.sign_in(client, world.emails["author_gp"], PASSWORD).status_code == 302
    response = client.get(
        f"/author/reports/{world.gp_report}", headers={"X-Request-Id": "proxy-id-0001"}
    )
    assert response.status_code == 200
    assert response.headers["X-Request-Id"] == "proxy-id-0001"
    generated = app.test_client().get("/about").headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)  # ours when the proxy sent none
    found = [e for e in events(json_lines) if e["event"] == "request"]
    page = next(e for e in found if e.get("request_id") == "proxy-id-0001")
    assert page["route"] == "/author/reports/<int:report_id>"
    assert page["user_id"] == world.users["author_gp"]
    assert page["status"] == 200
    assert page["level"] == "info"
    assert page["method"] == "GET"
    assert isinstance(page["duration_ms"], float)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", page["time"])
    anonymous = next(e for e in found if e.get("request_id") == generated)
    assert anonymous["user_id"] is None
    # a hostile request id is not trusted (it would let a caller write into the logs)
    odd = client.get("/about", headers={"X-Request-Id": 'x" injected {"level":"error"}'})
    assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["X-Request-Id"])


def test_no_report_text_child_name_or_email_reaches_the_logs(database_url, world, json_lines):
    app = with_crash(make_app(database_url))
    with app.app_context():
        child_names = {c.name for c in db.session().query(Child)}
    assert "Leah" in child_names
    author = app.test_client()
    assert pages.sign_in(author, world.emails["author_gp"], PASSWORD).status_code == 302
    planted = plant_through_form(author, world.gp_report, lambda f: f"{MARK} Leah said {f}")
    assert planted
    token = csrf_token(author)
    api = {"X-CSRFToken": token}
    fields = [["version", "0"], ["section_worries", f"{MARK} Leah mum@family.example"]]
    statuses = [
        author.post(
            f"/api/v1/reports/{world.gp_report}/draft", json={"fields": fields}, headers=api
        ).status_code,
        author.post(
            f"/api/v1/reports/{world.gp_report}/check", json={"fields": fields}, headers=api
        ).status_code,
        author.post("/api/v1/check", json={"sections": {"worries": MARK}}, headers=api).status_code,
        author.post(
            "/api/v1/score", data=f'{{"a": "{MARK}"', content_type="application/json", headers=api
        ).status_code,
        author.post(
            f"/author/reports/{world.gp_report}",
            data={"csrf_token": token, "version": "0", "section_worries": MARK, "action": "save"},
        ).status_code,
        author.get("/boom/1").status_code,
    ]
    assert 500 in statuses  # the crash happened and was logged
    # failed sign-ins, with a real address and with one nobody has
    stranger = app.test_client()
    login_token = pages.parse(stranger.get("/sign-in")).csrf()
    for email in (world.emails["chair"], "unknown.person@family.example"):
        stranger.post(
            "/sign-in", data={"csrf_token": login_token, "email": email, "password": "wrong"}
        )
    # the chair reads the report; QA reads the summary
    chair = app.test_client()
    assert pages.sign_in(chair, world.emails["chair"], PASSWORD).status_code == 302
    chair.get(f"/review/conferences/{world.conference}")
    chair.get(f"/review/reports/{world.gp_report}")

    logged = events(json_lines)
    assert any(e["event"] == "request" and e["status"] == 500 for e in logged)
    crash = [e for e in logged if e.get("exception") or "unhandled" in e["event"]]
    assert crash, "the crash left no line"
    everything = json_lines.getvalue()
    assert MARK not in everything
    for name in child_names:
        assert not re.search(rf"\b{re.escape(name)}\b", everything), name
    assert not EMAIL.findall(everything), EMAIL.findall(everything)[:3]
    assert "family.example" not in everything
    with app.app_context():
        db.engine().dispose()


def test_database_outage_is_logged_as_its_kind_only(json_lines):
    app = make_app("postgresql+psycopg://reportsvc_user:pw@127.0.0.1:9/reportsvc")
    response = app.test_client().post(
        "/api/v1/score", json={"a": MARK}, headers={"Authorization": "Bearer " + MARK}
    )
    assert response.status_code == 503
    logged = events(json_lines)
    assert any(e["event"].startswith("database unavailable") for e in logged)
    assert MARK not in json_lines.getvalue()
    assert "pw" not in json.dumps([e for e in logged if e["logger"].startswith("reportsvc")])
    with app.app_context():
        db.engine().dispose()

"""/health, /ready and /metrics as the proxy, the orchestrator and Prometheus see them, and
the 503 answers while the database cannot be reached."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from reportsvc import db
from reportsvc.models import OutboxMail, WorkerHeartbeat
from tests import pages
from tests.conftest import make_app
from tests.world import PASSWORD

NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:9/nothing_listens_here"


def heartbeat(app, seen_at: datetime) -> None:
    with app.app_context():
        session = db.session()
        session.merge(WorkerHeartbeat(name="worker-test", seen_at=seen_at))
        session.commit()


def test_ready_reports_database_schema_and_worker(app, world):
    client = app.test_client()
    assert client.get("/health").json == {"status": "ok"}

    not_ready = client.get("/ready")
    assert not_ready.status_code == 503
    assert not_ready.json["checks"]["database"] == "ok"
    assert not_ready.json["checks"]["schema"] == "ok"
    assert "start reportsvc worker" in not_ready.json["checks"]["worker"]

    heartbeat(app, datetime.now(UTC))
    ready = client.get("/ready")
    assert ready.status_code == 200, ready.json
    assert ready.json["status"] == "ready"

    heartbeat(app, datetime.now(UTC) - timedelta(minutes=10))
    stale = client.get("/ready")
    assert stale.status_code == 503
    assert "last heartbeat 600 s ago" in stale.json["checks"]["worker"]


def test_ready_follows_the_schema_version(app, world):
    client = app.test_client()
    heartbeat(app, datetime.now(UTC))
    with app.app_context():
        (head,) = db.session().execute(text("SELECT version_num FROM alembic_version")).one()
        # an older schema than the code: not ready, and the answer says what to run
        db.session().execute(text("UPDATE alembic_version SET version_num = '0001'"))
        db.session().commit()
    behind = client.get("/ready")
    assert behind.status_code == 503
    assert "run reportsvc init-db" in behind.json["checks"]["schema"]
    with app.app_context():
        # a newer one (a rolling upgrade has migrated it): old code still serves
        db.session().execute(text("UPDATE alembic_version SET version_num = 'f00d9999'"))
        db.session().commit()
    newer = client.get("/ready")
    assert newer.status_code == 200
    assert newer.json["checks"]["schema"].startswith("ok (newer")
    with app.app_context():
        db.session().execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        db.session().commit()


def test_without_the_database_pages_say_503_and_health_stays_up():
    app = make_app(NOWHERE)
    client = app.test_client()
    assert client.get("/health").status_code == 200  # the proxy keeps the instance
    ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.json["checks"]["database"].startswith("unreachable")

    page = client.post("/sign-in", data={"email": "a@b.example", "password": "x"})
    # CSRF answers first for a form without a token; a GET that needs the database:
    page = client.get("/author/")
    assert page.status_code in (302, 503)
    api = client.post(
        "/api/v1/score", json={"format": "cpc-report/1"}, headers={"Authorization": "Bearer x"}
    )
    assert api.status_code == 503
    assert api.headers["Retry-After"] == "5"
    assert "cannot reach its database" in api.json["error"]
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert "reportsvc_database_up 0.0" in metrics.text
    with app.app_context():
        db.engine().dispose()


def test_a_signed_in_page_gets_a_clear_503_while_the_database_is_away(app, world, backend):
    client = app.test_client()
    assert pages.sign_in(client, world.emails["chair"], PASSWORD).status_code == 302
    down = make_app(NOWHERE, SECRET_KEY=app.config["SECRET_KEY"])
    other = down.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    page = pages.parse(other.get("/review/"))
    assert page.status == 503
    assert page.h1 == "Sorry, the service is unavailable"
    assert "Try again in a few seconds" in page.text()
    with down.app_context():
        db.engine().dispose()


def scrape(client, **kwargs):
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    return response.text


def value(exposition: str, name: str, **labels: str) -> float:
    for line in exposition.splitlines():
        wanted = all(f'{k}="{v}"' in line for k, v in labels.items())
        if line.startswith(name + ("{" if labels else " ")) and wanted:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_by_route_not_url_and_read_the_outbox(app, world):
    client = app.test_client()
    before = scrape(client)
    assert pages.sign_in(client, world.emails["author_gp"], PASSWORD).status_code == 302
    rule = "/author/reports/<int:report_id>"
    counted = value(before, "reportsvc_http_requests_total", route=rule, status="200")
    engine_before = value(before, "reportsvc_engine_seconds_count")
    for _ in range(2):
        assert client.get(f"/author/reports/{world.gp_report}").status_code == 200
    token = pages.parse(client.get(f"/author/reports/{world.gp_report}")).csrf()
    saved = client.post(
        f"/api/v1/reports/{world.gp_report}/draft",
        json={"fields": [["version", "0"], ["section_worries", "Mum said the baby slept."]]},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200
    with app.app_context():
        session = db.session()
        now = datetime.now(UTC)
        for n in range(3):
            session.add(OutboxMail(to=f"q{n}@example.test", template="t", values={}))
        session.add(OutboxMail(to="s@example.test", template="t", values={}, sent_at=now))
        session.add(OutboxMail(to="f@example.test", template="t", values={}, failed_at=now))
        session.commit()
    after = scrape(client)
    assert value(after, "reportsvc_http_requests_total", route=rule, status="200") == counted + 3
    assert f"/author/reports/{world.gp_report}" not in after  # no ids in labels
    assert value(after, "reportsvc_engine_seconds_count") >= engine_before + 1
    assert value(after, "reportsvc_mail_queue_depth") == 3
    assert value(after, "reportsvc_mails_sent") == 1
    assert value(after, "reportsvc_mails_failed") == 1
    assert value(after, "reportsvc_database_up") == 1
    assert "example.test" not in after


@pytest.mark.parametrize(
    ("settings", "kwargs", "allowed"),
    [
        ({}, {}, True),  # the test client comes from 127.0.0.1
        ({}, {"headers": {"X-Forwarded-For": "127.0.0.1"}}, False),  # through the proxy
        ({"METRICS_ALLOW": ["10.1.0.0/16"]}, {}, False),
        ({"METRICS_ALLOW": ["10.1.0.0/16"]}, {"environ_base": {"REMOTE_ADDR": "10.1.2.3"}}, True),
        ({"METRICS_ALLOW": [], "METRICS_TOKEN": "s3cret-scrape-token"}, {}, False),
        (
            {"METRICS_ALLOW": [], "METRICS_TOKEN": "s3cret-scrape-token"},
            {"headers": {"Authorization": "Bearer s3cret-scrape-token"}},
            True,
        ),
        (
            {"METRICS_ALLOW": [], "METRICS_TOKEN": "s3cret-scrape-token"},
            {"headers": {"Authorization": "Bearer wrong"}},
            False,
        ),
    ],
)
def test_metrics_only_for_configured_addresses_or_the_token(
    database_url, settings, kwargs, allowed
):
    app = make_app(database_url, **settings)
    response = app.test_client().get("/metrics", **kwargs)
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert re.search(r"^reportsvc_database_up 1\.0$", response.text, re.M)
    else:
        assert "reportsvc_" not in response.text
    with app.app_context():
        db.engine().dispose()


def test_a_database_failure_after_the_view_answered_is_a_503_not_a_500(database_url):
    from sqlalchemy.exc import OperationalError

    app = make_app(database_url)

    @app.teardown_request
    def _database_gone(_error):  # as an audit write in a teardown would fail
        raise OperationalError("INSERT ...", {}, Exception("server closed the connection"))

    client = app.test_client()
    page = client.get("/about")
    assert page.status_code == 503
    assert "Sorry, the service is unavailable" in page.text
    assert page.headers["Retry-After"] == "5"
    api = client.post("/api/v1/score", json={})
    assert api.status_code == 503
    assert "cannot reach its database" in api.json["error"]
    with app.app_context():
        db.engine().dispose()

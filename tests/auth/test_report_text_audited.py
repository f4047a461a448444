"""Every route that returns report text leaves an audit event: the routes are found by
looking for a report's words in every page each role can open, not from a hand-kept list
alone, and the list below must name each of them."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

import exemplars
from reportsvc import db
from reportsvc.models import AuditEvent, Conference, Report, User
from reportsvc.services import reports
from tests import pages
from tests.world import PASSWORD

MARK = "Zebedee-7731 saw the health visitor on Tuesday"

# endpoint -> role that may open it. PDFs and ZIPs do not show their words to a text
# search, so they are listed by hand.
REPORT_TEXT = {
    "author.report": "author_gp",
    "author.export_json": "author_gp",
    "author.print_view": "author_gp",
    "documents.family_page": "author_gp",
    "documents.family_pdf": "author_gp",
    "documents.report_pdf": "author_gp",
    "documents.pack_pdf": "chair",
    "review.report": "chair",
    "review.pack": "chair",
    "qa.grade": "qa",
}
BINARY = {"documents.family_pdf", "documents.report_pdf", "documents.pack_pdf"}
ROLES = ["author_gp", "chair", "qa", "admin", "coordinator"]


@pytest.fixture
def submitted(app: Flask, world) -> None:
    exemplar = next(e for e in exemplars.load_all() if e.document.get("format") == "cpc-report/1")
    with app.app_context():
        session = db.session()
        report = session.get(Report, world.gp_report)
        conference = session.get(Conference, world.conference)
        document = copy.deepcopy(exemplar.document)
        document["conference"] = {"type": conference.type, "date": conference.date.isoformat()}
        document["agency"] = {"type": "gp", "name": report.invitation.agency.name}
        document["child"]["date_of_birth"] = conference.child.date_of_birth.isoformat()
        document["submitted_on"] = date.today().isoformat()
        document["sections"]["worries"] = MARK + ". " + document["sections"]["worries"]
        reports.save(
            session,
            report,
            document,
            expected_version=report.version,
            user=session.get(User, world.users["author_gp"]),
            kind="submit",
            status="submitted",
        )
        session.commit()


def events(app: Flask) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(AuditEvent))


def url_for_rule(app: Flask, rule, world) -> str | None:
    values = {"report_id": world.gp_report, "conference_id": world.conference}
    if not set(rule.arguments) <= set(values):
        return None
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})


def test_every_route_showing_report_text_is_listed_and_audited(app, world, submitted):
    app.config["TWO_FACTOR_REQUIRED"] = False  # signing in is not what this test is about
    found: set[str] = set()
    for who in ROLES:
        client = app.test_client()
        assert pages.sign_in(client, world.emails[who], PASSWORD).status_code == 302
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
                continue
            url = url_for_rule(app, rule, world)
            if url is None:
                continue
            before = events(app)
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.get_data()
            if MARK.encode() in body or rule.endpoint in BINARY:
                found.add(rule.endpoint)
                assert events(app) > before, (
                    f"{rule.endpoint} as {who} showed report text unaudited"
                )
    missing = found - set(REPORT_TEXT)
    assert not missing, f"routes that return report text but are not listed: {sorted(missing)}"
    assert set(REPORT_TEXT) <= found | BINARY


@pytest.mark.parametrize("endpoint", sorted(REPORT_TEXT))
def test_listed_route_writes_an_audit_event(app, world, submitted, endpoint):
    app.config["TWO_FACTOR_REQUIRED"] = False
    client = app.test_client()
    assert pages.sign_in(client, world.emails[REPORT_TEXT[endpoint]], PASSWORD).status_code == 302
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = url_for_rule(app, rule, world)
    before = events(app)
    response = client.get(url)
    assert response.status_code == 200, (endpoint, response.status_code)
    with app.app_context():
        newest = (
            db.session()
            .scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(events(app) - before))
            .all()
        )
    assert newest, f"{endpoint} wrote no audit event"
    assert any(e.record_type in ("report", "conference") for e in newest)

"""The audit log: exactly one event per read, write, export and permission change, carrying
who, role, agency, record and time; the table refuses UPDATE and DELETE; an admin page lists
events by record and by user, with ids and actions only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from reportsvc import db
from reportsvc.models import AuditEvent
from tests import pages
from tests.security.support import csrf_token, plant_through_form, signed_in


def events_after(app, last_id: int) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id)
            )
        )


def last_id(app) -> int:
    with app.app_context():
        return db.session().scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc())) or 0


def one_event(app, do, *, action: str, record: tuple[str, int | None], who: str, world) -> None:
    start = last_id(app)
    response = do()
    assert response.status_code < 500, response.status_code
    events = events_after(app, start)
    assert [(e.action, e.record_type, e.record_id) for e in events] == [(action, *record)]
    event = events[0]
    assert event.user_id == world.users[who]
    assert event.role and event.agency_id is not None
    assert datetime.now(UTC) - event.at < timedelta(minutes=1)


def test_one_event_per_read_export_and_write(app, world):
    author = signed_in(app, world, "author_gp")
    report = world.gp_report

    def on_report(call, action: str) -> None:
        one_event(app, call, action=action, record=("report", report), who="author_gp", world=world)

    for suffix, action in (("", "read"), ("/report.json", "export"), ("/print", "print")):
        on_report(lambda suffix=suffix: author.get(f"/author/reports/{report}{suffix}"), action)
    token = csrf_token(author)
    fields = {"fields": [["version", "0"], ["section_worries", "First autosave."]]}

    def autosave():
        return author.post(
            f"/api/v1/reports/{report}/draft", json=fields, headers={"X-CSRFToken": token}
        )

    on_report(autosave, "autosave")
    on_report(autosave, "autosave")  # the same save again is stale (409): one event, the attempt
    page = pages.get(author, f"/author/reports/{report}")
    data = {**page.form_fields("#report-form"), "section_worries": "Saved.", "action": "save"}
    on_report(lambda: author.post(f"/author/reports/{report}", data=data), "save")
    # a save refused for a bad field writes nothing but is still one event
    bad = {**data, "version": "2", "author_name": "x" * 300}
    on_report(lambda: author.post(f"/author/reports/{report}", data=bad), "write")


def test_one_event_per_export_and_denial_for_other_roles(app, world):
    qa = signed_in(app, world, "qa")
    one_event(
        app,
        lambda: qa.get("/qa/export/reports.csv"),
        action="export",
        record=("qa_reports", None),
        who="qa",
        world=world,
    )
    chair2 = signed_in(app, world, "chair2")
    one_event(
        app,
        lambda: chair2.get(f"/review/reports/{world.gp_report}"),
        action="review",
        record=("report", world.gp_report),
        who="chair2",
        world=world,
    )
    start = last_id(app)
    chair2.get(f"/review/reports/{world.gp_report}")
    (denied,) = events_after(app, start)
    assert denied.outcome == "denied"


def test_one_event_per_permission_change(app, world):
    admin = signed_in(app, world, "admin")
    token = pages.get(admin, "/admin/").csrf()
    target = world.users["author_school"]
    one_event(
        app,
        lambda: admin.post(f"/admin/users/{target}/active", data={"csrf_token": token}),
        action="disable_user",
        record=("user", target),
        who="admin",
        world=world,
    )
    start = last_id(app)
    form = {"csrf_token": token, "email": "new@test.example", "name": "New", "role": "chair",
            "agency_id": str(world.agencies["la"]), "password": "a long password 2026"}  # fmt: skip
    assert admin.post("/admin/", data=form).status_code == 302
    events = events_after(app, start)
    assert [(e.action, e.record_type) for e in events] == [("create_user", "user")]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
def test_the_log_refuses_update_and_delete(app, world, statement):
    signed_in(app, world, "author_gp")  # at least one event
    before = last_id(app)
    assert before > 0
    with app.app_context(), db.engine().connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text(statement))
    with app.app_context(), db.engine().connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one() >= before
        assert "x" not in conn.execute(text("SELECT action FROM audit_events")).scalars().all()


def test_admin_page_lists_events_by_record_and_by_user_without_report_text(app, world):
    author = signed_in(app, world, "author_gp")
    secret = "zqauditpagesecret"
    plant_through_form(author, world.gp_report, lambda field: f"{secret} {field}")
    admin = signed_in(app, world, "admin")
    by_record = pages.get(
        admin, "/admin/audit", query_string={"record_type": "report", "record_id": world.gp_report}
    )
    actions = [row.select("td")[4].get_text(strip=True) for row in by_record.select("tbody tr")]
    assert "save" in actions and "read" in actions
    assert all(
        f"report {world.gp_report}" in row.get_text() for row in by_record.select("tbody tr")
    )
    by_user = pages.get(admin, "/admin/audit", query_string={"user_id": world.users["author_gp"]})
    rows = by_user.select("tbody tr")
    assert rows and all(world.emails["author_gp"] in r.get_text() for r in rows)
    everything = pages.get(admin, "/admin/audit")
    for page in (by_record, by_user, everything):
        assert secret not in page.response.get_data(as_text=True)
    assert pages.get(author, "/admin/audit", status=403)


def test_one_event_per_chair_action(app, world):
    chair = signed_in(app, world, "chair")
    report = world.gp_report  # a draft: the chair can chase it
    page = pages.get(chair, f"/review/reports/{report}/chase")
    one_event(
        app,
        lambda: chair.post(
            f"/review/reports/{report}/chase",
            data={**page.form_fields("main form"), "note": "Please send it."},
        ),
        action="chase",
        record=("report", report),
        who="chair",
        world=world,
    )
    page = pages.get(chair, f"/review/conferences/{world.conference}/attendance")
    one_event(
        app,
        lambda: chair.post(
            f"/review/conferences/{world.conference}/attendance",
            data=page.form_fields("main form"),
        ),
        action="attendance",
        record=("conference", world.conference),
        who="chair",
        world=world,
    )

"""The coordinator's conference page and its actions: invitation statuses and deadlines,
re-send, change the author, withdraw (nothing written lost), invite another agency,
reschedule (deadlines move, authors told) and cancel (with confirmation, authors told)."""

from __future__ import annotations

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import AuditEvent, Conference, Invitation, Report, User
from reportsvc.services import settings
from scoring.calendar import report_deadline
from tests import pages
from tests.coordinator.helpers import boxes, outbox, weekday


def url(world, tail=""):
    return f"/coordinator/conferences/{world.conference}{tail}"


def name_author(client, world, email="", author_id="", invitation=None, status=None):
    target = f"/coordinator/invitations/{invitation or world.gp_invitation}/author"
    return pages.post_form(
        client,
        target,
        {"author_email": email, "author_id": author_id},
        status=status,
        follow_redirects=status is None,
    )


def load(app, model, ident):
    with app.app_context():
        found = db.session().get(model, ident)
        if isinstance(found, Invitation):
            _ = (found.author, found.report, found.conference.date)
        return found


def audit_actions(app):
    with app.app_context():
        return [
            (e.action, e.record_type, e.record_id)
            for e in db.session().scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_page_shows_each_invitation_with_deadline_and_status(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    page = pages.get(client, url(world))
    assert page.h1.startswith("ICPC on")
    assert "Leah" in page.text("#children")
    rows = {r["id"]: r.get_text(" ", strip=True) for r in page.select("#invitations tbody tr")}
    gp = rows[f"invitation-{world.gp_invitation}"]
    assert "Test Surgery" in gp and "No author named" in gp and "Name the author" in gp
    assert "working days left" in gp
    assert "2 invitations have no author" in page.text("#missing")
    assert ("read", "conference", world.conference) in audit_actions(app)


def test_status_moves_from_invited_to_opened_to_started_to_submitted(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    page = name_author(client, world, author_id=str(world.users["author_gp"]))
    assert "Author changed and the invitation sent to them" in page.text()
    row = f"#invitation-{world.gp_invitation}"
    assert "Invited" in page.text(row)
    [mail] = outbox(app, "invitation")
    assert mail.to == "author_gp@test.example" and mail.values["deadline"]

    author = app.test_client()
    pages.sign_in(author, "author_gp@test.example", "correct horse battery staple")
    assert "Opened" not in pages.get(client, url(world)).text(row)
    pages.get(author, f"/author/reports/{world.gp_report}")
    assert "Opened" in pages.get(client, url(world)).text(row)

    with app.app_context():  # a saved draft, then a submission (the author's own tests
        report = db.session().get(Report, world.gp_report)  # cover writing them)
        report.version = 1
        db.session().commit()
    assert "Started" in pages.get(client, url(world)).text(row)
    with app.app_context():
        db.session().get(Report, world.gp_report).status = "submitted"
        db.session().commit()
    page = pages.get(client, url(world))
    assert "Submitted" in page.text(row)


def test_resend(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    target = f"/coordinator/invitations/{world.gp_invitation}/resend"
    page = pages.post_form(client, target, {}, csrf_from=url(world), follow_redirects=True)
    assert "Name an author before sending the invitation" in page.text()
    assert outbox(app) == []
    name_author(client, world, author_id=str(world.users["author_gp"]))
    page = pages.post_form(client, target, {}, csrf_from=url(world), follow_redirects=True)
    assert "Invitation sent again" in page.text()
    assert [m.template for m in outbox(app)] == ["invitation", "invitation"]
    assert ("resend_invitation", "invitation", world.gp_invitation) in audit_actions(app)
    # Without the CSRF token nothing is sent.
    assert client.post(target).status_code == 400
    assert len(outbox(app)) == 2


def test_change_author_to_a_new_person_makes_their_account(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    name_author(client, world, author_id=str(world.users["author_gp"]))
    page = name_author(client, world, email="Locum.GP@Surgery.example")
    assert "Author changed" in page.text()
    assert "locum.gp@surgery.example" in page.text(f"#invitation-{world.gp_invitation}")
    with app.app_context():
        locum = db.session().scalar(select(User).where(User.email == "locum.gp@surgery.example"))
        assert locum.role == "author" and locum.agency_id == world.agencies["gp"]
        assert locum.password_hash.startswith("!")
    templates = {(m.to, m.template) for m in outbox(app)}
    assert ("author_gp@test.example", "author_changed") in templates
    assert ("locum.gp@surgery.example", "invitation_new_account") in templates


def test_change_author_bad_input(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    cases = [
        ({}, "Choose an author or enter a new author's email address", "author_email"),
        ({"email": "not an email"}, "Enter an email address in the correct format", "author_email"),
        ({"email": "x" * 250 + "@a.example"}, "254 characters or fewer", "author_email"),
        ({"email": "author_school@test.example"}, "belongs to another agency", "author_email"),
        ({"email": "chair@test.example"}, "not a report author's", "author_email"),
    ]
    for fields, message, field in cases:
        page = name_author(client, world, status=400, **fields)
        assert any(message in e for e in page.error_summary()), (fields, page.error_summary())
        assert page.soup.select_one(f"#{field}") is not None
    assert load(app, Invitation, world.gp_invitation).author is None
    assert outbox(app) == []


def test_withdraw_keeps_the_report(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    name_author(client, world, author_id=str(world.users["author_gp"]))
    target = f"/coordinator/invitations/{world.gp_invitation}/withdraw"
    page = pages.get(client, target)
    assert "Nothing written is lost" in page.text()
    page = pages.post_form(client, target, {}, follow_redirects=True)
    assert "Invitation withdrawn. Anything written in the report is kept." in page.text()
    row = page.text(f"#invitation-{world.gp_invitation}")
    assert "Withdrawn" in row and "Re-send" not in row
    invitation = load(app, Invitation, world.gp_invitation)
    assert invitation.withdrawn and invitation.report.id == world.gp_report
    assert ("author_gp@test.example", "withdrawn") in {(m.to, m.template) for m in outbox(app)}
    # Withdrawing again changes nothing and says why.
    page = pages.get(client, target, status=302)
    assert ("withdraw_invitation", "invitation", world.gp_invitation) in audit_actions(app)


def test_invite_another_agency(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    target = url(world, "/invite")
    page = pages.get(client, target)
    options = [o.get_text() for o in page.select("#agency_id option")]
    assert "Test Surgery" not in options and "Test Children's Services" in options
    page = pages.post_form(
        client,
        target,
        {
            "agency_id": "new",
            "new_agency_name": "Riverside Police",
            "new_agency_type": "police",
            "author_email": "pc.jones@police.example",
        },
        follow_redirects=True,
    )
    assert "Agency invited" in page.text()
    assert "Riverside Police" in page.text("#invitations")
    [mail] = outbox(app, "invitation_new_account")
    assert mail.to == "pc.jones@police.example"
    with app.app_context():
        conference = db.session().get(Conference, world.conference)
        police = next(i for i in conference.invitations if i.agency.name == "Riverside Police")
        timescales = settings.timescales(db.session())
        assert police.due_date == report_deadline(conference.date, "ICPC", timescales)
        assert police.report is not None


def test_invite_bad_input(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    target = url(world, "/invite")
    cases = [
        ({}, "Choose an agency, or choose a new agency and name it", "agency_id"),
        (
            {"agency_id": "new", "new_agency_type": "gp"},
            "Enter the name of the new agency",
            "new_agency_name",
        ),
        (
            {"agency_id": "new", "new_agency_name": "Another"},
            "Choose the type of the new agency",
            "new_agency_type",
        ),
        (
            {"agency_id": "new", "new_agency_name": "test school", "new_agency_type": "school"},
            "An agency with this name exists already",
            "new_agency_name",
        ),
        ({"agency_id": str(world.agencies["gp"])}, "This agency is invited already", "agency_id"),
        ({"agency_id": "99999"}, "Choose an agency from the list", "agency_id"),
        (
            {"agency_id": str(world.agencies["la"]), "author_email": "nope"},
            "correct format",
            "author_email",
        ),
        (
            {"agency_id": str(world.agencies["la"]), "author_email": "author_gp@test.example"},
            "belongs to another agency",
            "author_email",
        ),
    ]
    with app.app_context():
        before = len(db.session().get(Conference, world.conference).invitations)
    for fields, message, field in cases:
        page = pages.post_form(client, target, fields, status=400)
        assert any(message in e for e in page.error_summary()), (fields, page.error_summary())
        assert page.soup.select_one(f"#{field}") is not None
    with app.app_context():
        assert len(db.session().get(Conference, world.conference).invitations) == before
    assert outbox(app) == []


def test_reschedule_moves_deadlines_and_tells_the_authors(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    name_author(client, world, author_id=str(world.users["author_gp"]))
    target = url(world, "/reschedule")
    page = pages.get(client, target)
    assert page.form_fields()["venue"] == ""
    new_day = weekday(35)
    page = pages.post_form(
        client,
        target,
        {"date": boxes(new_day), "time": "14:30", "venue": "Online: Teams"},
        follow_redirects=True,
    )
    assert "Conference rescheduled" in page.text()
    with app.app_context():
        conference = db.session().get(Conference, world.conference)
        assert conference.date == new_day and conference.time.strftime("%H:%M") == "14:30"
        due = report_deadline(new_day, "ICPC", settings.timescales(db.session()))
        assert {i.due_date for i in conference.invitations} == {due}
    [mail] = outbox(app, "reschedule")
    assert mail.to == "author_gp@test.example"
    assert mail.values["conference_date"] in (new_day.isoformat(), f"{new_day.day} {new_day:%B %Y}")
    assert ("reschedule", "conference", world.conference) in audit_actions(app)
    # The same again: nothing changes, nobody is mailed.
    page = pages.post_form(
        client,
        target,
        {"date": boxes(new_day), "time": "14:30", "venue": "Online: Teams"},
        follow_redirects=True,
    )
    assert "Nothing changed" in page.text()
    assert len(outbox(app, "reschedule")) == 1


def test_reschedule_bad_input(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    target = url(world, "/reschedule")
    before = load(app, Conference, world.conference).date
    cases = [
        ({"date": boxes(None)}, "Date of the conference is required", "date-day"),
        ({"date": ["31", "4", "2027"]}, "must be a real date", "date-day"),
        ({"date": boxes(weekday(30)), "time": "9"}, "Time must be a time like 10:00", "time"),
        ({"date": boxes(weekday(30)), "time": "24:10"}, "must be a real time", "time"),
        ({"date": boxes(weekday(30)), "venue": "v" * 301}, "300 characters or fewer", "venue"),
    ]
    for fields, message, anchor in cases:
        page = pages.post_form(client, target, fields, status=400)
        assert any(message in e for e in page.error_summary()), (fields, page.error_summary())
        assert page.soup.select_one(f"[id='{anchor}']") is not None
    assert load(app, Conference, world.conference).date == before
    assert outbox(app) == []


def test_cancel_needs_confirmation_and_tells_the_authors(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    name_author(client, world, author_id=str(world.users["author_gp"]))
    target = url(world, "/cancel")
    page = pages.post_form(client, target, {}, status=400)
    assert "Tick the box to confirm the cancellation" in page.error_summary()
    assert not load(app, Conference, world.conference).cancelled
    page = pages.post_form(client, target, {"confirm": "y"}, follow_redirects=True)
    assert "Conference cancelled. The authors have been told." in page.text()
    assert "This conference was cancelled" in page.text()
    assert load(app, Conference, world.conference).cancelled
    assert [m.to for m in outbox(app, "cancellation")] == ["author_gp@test.example"]
    # The reports stay; nothing more can be done to a cancelled conference.
    assert load(app, Report, world.gp_report) is not None
    for tail in ("/reschedule", "/invite", "/cancel"):
        assert client.get(url(world, tail)).status_code == 302
    assert ("cancel", "conference", world.conference) in audit_actions(app)


def test_flash_messages_name_no_child(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    name_author(client, world, author_id=str(world.users["author_gp"]))
    page = pages.post_form(client, url(world, "/cancel"), {"confirm": "y"}, follow_redirects=True)
    assert "Leah" not in page.text(".govuk-notification-banner")


def test_opening_is_read_from_the_audit_log_and_only_the_named_author_counts(
    app, world, sign_in_as
):
    coordinator = sign_in_as("coordinator")
    name_author(coordinator, world, author_id=str(world.users["author_gp"]))
    row = f"#invitation-{world.gp_invitation}"
    with app.app_context():
        invitation_before = db.session().get(Invitation, world.gp_invitation).invited_at
    assert "Opened" not in pages.get(coordinator, url(world)).text(row)
    author = app.test_client()
    pages.sign_in(author, "author_gp@test.example", "correct horse battery staple")
    for _ in range(2):
        pages.get(author, f"/author/reports/{world.gp_report}")
    assert "Opened" in pages.get(coordinator, url(world)).text(row)
    with app.app_context():
        session = db.session()
        # Showing the report changed nothing but the log: one event per read.
        assert session.get(Invitation, world.gp_invitation).invited_at == invitation_before
        reads = session.scalars(
            select(AuditEvent).where(
                AuditEvent.record_type == "report",
                AuditEvent.action == "read",
                AuditEvent.record_id == world.gp_report,
            )
        ).all()
        assert len(reads) == 2

"""The chair's journey (issue 5, "done when"), step by step through the web pages:
a conference with two late agencies and an inadequate report, the report opened, returned
with a comment that the author's agency sees, resubmitted as a new version, a dissent
recorded and answered, attendance making it quorate, and the pack printed."""

from __future__ import annotations

import copy

from flask import render_template_string
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import AuditEvent, Report, User
from reportsvc.queries import challenges
from reportsvc.services import reports
from tests import pages

MACRO = '{% from "components/challenges.html" import challenges %}{{ challenges(r, c) }}'


def agency_rows(page: pages.Page) -> dict[str, str]:
    return {
        row.select_one("th").get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in page.select("#agencies tbody tr")
    }


def test_chair_sees_late_missing_and_inadequate_reports(scene, sign_in_as):
    client = sign_in_as("chair")
    home = pages.get(client, "/review/")
    (row,) = [r for r in home.select("#upcoming tbody tr") if "Amir" in r.get_text()]
    text = row.get_text(" ", strip=True)
    assert "3 of 4" in text
    assert "2 late, 1 missing" in text
    assert "1 Inadequate" in text
    assert "Key agency missing" in text and "Police: report not in" in text

    page = pages.get(client, f"/review/conferences/{scene.conference}")
    rows = agency_rows(page)
    assert "In time" in rows["Test Surgery GP practice"]
    assert "Inadequate" in rows["Test Surgery GP practice"]
    assert "2 working days late" in rows["Test School School"]
    assert "1 working day late" in rows["Test Health Visiting Health visiting"]
    assert "Missing" in rows["Test Police Police"] and "overdue" in rows["Test Police Police"]
    # The inadequate report's top findings name the core gaps.
    assert "Your view on significant harm" in rows["Test Surgery GP practice"]
    assert "Key agency missing" in page.text()


def test_chair_opens_returns_and_sees_the_resubmission(app, scene, world, sign_in_as):
    client = sign_in_as("chair")
    gp = scene.reports["gp"]
    review = pages.get(client, f"/review/reports/{gp}")
    assert review.h1 == "Test Surgery report"
    assert review.select("mark.app-flag"), "findings are highlighted in the text"
    assert "Start of flagged text" in review.text()  # the highlight carries text, not colour
    assert "Not met" in review.text() and "Inadequate" in review.text()

    form_page = pages.get(client, f"/review/reports/{gp}/return")
    expected = form_page.soup.select_one('input[name="expected_version"]')["value"]
    response = client.post(
        f"/review/reports/{gp}/return",
        data={
            "csrf_token": form_page.csrf(),
            "expected_version": expected,
            "comment": "Please give your view on significant harm and the evidence for it.",
        },
    )
    assert response.status_code == 302
    after = pages.get(client, response.headers["Location"])
    assert "Report returned to Test Surgery." in after.text("body")
    assert "Returned to the author" in after.text()
    assert "returned by Chair with the comment" in after.text("#history ~ ol")

    with app.app_context():
        session = db.session()
        report = session.get(Report, gp)
        assert report is not None
        assert report.status == "returned"
        assert [v.kind for v in report.versions] == ["submit", "reopen"]
        # The author's agency sees the comment; another agency sees nothing of it.
        open_gp = challenges.open_for_agency(session, scene.agencies["gp"])
        assert [r.comment for r in open_gp[gp].returns] == [
            "Please give your view on significant harm and the evidence for it."
        ]
        assert gp not in challenges.open_for_agency(session, scene.agencies["school"])
        returns, chases = challenges.for_report(session, gp)
        with app.test_request_context():
            html = render_template_string(MACRO, r=returns, c=chases)
        assert "Returned to you" in html and "significant harm and the evidence" in html

        # The author edits and resubmits: a new version, the return is answered.
        author = session.get(User, world.users["author_gp"])
        assert author is not None
        document = copy.deepcopy(report.versions[-1].document)
        document["sections"]["threshold_view"] = (
            "Amir is likely to suffer significant harm through neglect: three missed "
            "appointments and a scald on 14/01/2026 that was not explained."
        )
        reports.save(session, report, document, expected_version=report.version, user=author)
        reports.save(
            session,
            report,
            document,
            expected_version=report.version,
            user=author,
            kind="submit",
            status="submitted",
        )
        session.commit()
        assert gp not in challenges.open_for_agency(session, scene.agencies["gp"])
        (round_,) = challenges.for_report(session, gp)[0]
        assert round_.returned_version == 1 and round_.resubmitted_version == 4

    review = pages.get(client, f"/review/reports/{gp}")
    history = review.text("#history ~ ol")
    assert "Submitted as version 1" in history
    assert "Resubmitted as version 4" in history
    assert "Version 4, submitted" in review.text(".govuk-summary-list")
    assert "Returned to the author" not in review.text()


def test_chair_overrides_a_grade_beside_the_engine_grade(app, scene, sign_in_as):
    client = sign_in_as("chair")
    gp = scene.reports["gp"]
    pages.post_form(
        client,
        f"/review/reports/{gp}/grade",
        {"grade": "requires_improvement", "reason": "The threshold view is in the worries."},
        follow_redirects=True,
        status=200,
    )
    review = pages.get(client, f"/review/reports/{gp}")
    summary = review.text(".govuk-summary-list")
    assert "Engine grade Inadequate" in summary
    assert "Chair's grade Requires improvement: The threshold view is in the worries." in summary
    empty = pages.post_form(client, f"/review/reports/{gp}/grade", {}, status=200)
    assert empty.error_summary() == ["Choose a grade", "Enter the reason for your grade"]


def test_chair_chases_records_attendance_and_dissent_and_prints_the_pack(app, scene, sign_in_as):
    client = sign_in_as("chair")
    conference_url = f"/review/conferences/{scene.conference}"
    police = scene.reports["police"]
    pages.post_form(client, f"/review/reports/{police}/chase", {"note": "Due last week."})
    with app.app_context():
        (note,) = challenges.open_for_agency(db.session(), scene.agencies["police"])[police].chases
        assert note.note == "Due last week." and note.chair == "Chair"

    page = pages.get(client, conference_url)
    assert "Not quorate" in page.text("#quoracy ~ p")
    assert "children's social care is not recorded as attending" in page.text("#quoracy ~ p")
    pages.post_form(client, f"{conference_url}/attendance", {"att_social_care": "attending"})
    page = pages.get(client, conference_url)
    quorate = "Quorate: children's social care and Test Health Visiting, Test School, Test Surgery"
    assert quorate in page.text("#quoracy ~ p")

    pages.post_form(
        client,
        f"{conference_url}/dissent",
        {
            "person": "Ms Begum",
            "agency_id": str(scene.agencies["school"]),
            "what": "The school thinks a child in need plan is enough.",
            "decision": "Child protection plan for neglect; dissent noted.",
        },
    )
    page = pages.get(client, conference_url)
    card = page.text(".govuk-summary-card")
    assert "Ms Begum (Test School)" in card
    assert "28 days left" in card
    link = page.soup.select_one(".govuk-summary-card a[href*=dissent-response]")["href"]
    pages.post_form(client, link, {"response": "Letter sent by the head of service."})
    card = pages.get(client, conference_url).text(".govuk-summary-card")
    assert "Letter sent by the head of service." in card and "days left" not in card

    pack = pages.get(client, f"{conference_url}/pack")
    reports_in_pack = pack.select("section.app-page-break")
    assert [s.select_one("h2").get_text(strip=True) for s in reports_in_pack] == [
        "Test Surgery",
        "Test School",
        "Test Health Visiting",
    ]
    assert pack.select(".app-pack-cover table.app-coverage")
    assert "Not in: Test Police." in pack.text(".app-pack-cover")

    with app.app_context():
        actions = set(db.session().scalars(select(AuditEvent.action)))
        assert {"chase", "attendance", "dissent", "dissent-response", "print"} <= actions

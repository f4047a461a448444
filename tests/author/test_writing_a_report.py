"""The author's journey: open an invitation, write, see feedback, share, submit."""

from __future__ import annotations

from reportsvc import db
from reportsvc.models import Report
from tests import pages

VAGUE = "We will continue to monitor Leah."
SPECIFIC = (
    "I will see Leah at the surgery every two weeks until 30 April and weigh her; if her "
    "weight falls below the 9th centile I will tell the social worker the same day."
)


def report_url(world):
    return f"/author/reports/{world.gp_report}"


def form_fields(page):
    return page.form_fields("#report-form")


def test_invitation_list_shows_deadline_in_working_days(sign_in_as, world):
    client = sign_in_as("author_gp")
    page = pages.get(client, "/author/")
    row = page.text("table")
    assert "Leah" in row
    assert "working days left" in row
    assert page.select(f'a[href="{report_url(world)}"]')


def test_write_save_and_see_feedback_change(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    page = pages.get(client, report_url(world))
    assert page.h1 == "Report for Leah"
    data = form_fields(page)
    data["section_service_actions"] = VAGUE
    data["action"] = "save"
    response = client.post(report_url(world), data=data)
    assert response.status_code == 302
    page = pages.get(client, report_url(world))
    feedback = page.text('[data-feedback-for="service_actions"]')
    assert "continue to monitor" in feedback
    assert "A better way" in feedback
    marked = [
        m.get_text(strip=True) for m in page.select('[data-feedback-for="service_actions"] mark')
    ]
    assert any("continue to monitor" in m for m in marked)

    data = form_fields(page)
    data["section_service_actions"] = SPECIFIC
    data["action"] = "save"
    assert client.post(report_url(world), data=data).status_code == 302
    page = pages.get(client, report_url(world))
    assert "continue to monitor" not in page.text('[data-feedback-for="service_actions"]')
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.version == 2
        assert len(report.versions) == 2  # nothing overwritten

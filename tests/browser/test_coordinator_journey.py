"""The coordinator's journey in Chromium: schedule a pre-birth ICPC and a three-child ICPC
(adding children and people without JavaScript's help), invite a GP who has no account; the
GP follows the mailed sign-in link, sets a password and sees the invitation; the coordinator
reschedules and the outbox holds the mails to the authors. axe finds nothing on any page.

The link is read from the outbox row's values (a real SMTP end-to-end test is in
tests/mail/); this test is about the pages.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Conference, OutboxMail
from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

NEW_GP = "dr.okafor@wellstreet.example"
PASSWORD = "a brand new password 2027"


weekday, fill_date = helpers.weekday, helpers.fill_date


def conference_details(page: Any, on: date) -> None:
    page.get_by_label("Initial conference (ICPC)").check()
    fill_date(page, "date", on)
    page.fill("#time", "10:00")
    page.fill("#venue", "Civic Centre, room 3")
    page.select_option("#chair_id", label="Demo Conference Chair")


def outbox(app: Any, template: str) -> list[OutboxMail]:
    with app.app_context():
        return list(db.session().scalars(select(OutboxMail).where(OutboxMail.template == template)))


def test_coordinator_schedules_invites_and_reschedules(
    live_server: Any, page: Any, new_context: Any
) -> None:
    helpers.sign_in(page, "coordinator@demo.test")
    expect(page.locator("h1")).to_have_text("Conferences by week")
    assert_accessible(page, "the week list")

    # 1. A pre-birth ICPC; first with the date missing, to see the error summary.
    page.get_by_role("link", name="Schedule a conference").first.click()
    expect(page.locator("h1")).to_have_text("Schedule a conference")
    assert_accessible(page, "the schedule form")
    page.get_by_label("Initial conference (ICPC)").check()
    page.select_option("#chair_id", label="Demo Conference Chair")
    page.fill("#children-0-name", "Unborn baby of Janelle")
    page.check("#children-0-unborn")
    due = date.today() + timedelta(days=70)
    fill_date(page, "children-0-expected_date_of_delivery", due)
    page.fill("#household-0-name", "Janelle")
    page.fill("#household-0-relationship", "mother")
    page.select_option("#invitations-0-agency_id", label="City Hospital Midwifery")
    page.get_by_role("button", name="Schedule the conference").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the conference")
    expect(summary).to_be_focused()
    assert_accessible(page, "the schedule form with an error")
    expect(page.locator("#children-0-name")).to_have_value("Unborn baby of Janelle")
    fill_date(page, "date", weekday(14))
    page.get_by_role("button", name="Schedule the conference").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Conference scheduled")
    expect(page.locator("#children")).to_contain_text(f"Unborn baby (due {due.day} {due:%b %Y})")
    assert_accessible(page, "the pre-birth conference")

    # 2. Three children, the mother and the children's father as separate people, and a
    # GP author who has no account yet.
    page.goto("/coordinator/conferences/new")
    conference_details(page, weekday(21))
    page.fill("#children-0-name", "Kai")
    fill_date(page, "children-0-date_of_birth", date(2016, 4, 1))
    for _ in range(2):
        page.get_by_role("button", name="Add another child").click()
    expect(page.locator("#children-2-name")).to_be_visible()
    expect(page.locator("#children-0-name")).to_have_value("Kai")
    assert_accessible(page, "the schedule form with three children")
    page.fill("#children-1-name", "Mia")
    fill_date(page, "children-1-date_of_birth", date(2019, 9, 12))
    page.fill("#children-1-first_language", "Polish")
    page.check("#children-1-interpreter_needed")
    page.fill("#children-2-name", "Leo")
    fill_date(page, "children-2-date_of_birth", date(2023, 1, 30))
    page.get_by_role("button", name="Add another person").click()
    page.fill("#household-0-name", "Janelle")
    page.fill("#household-0-relationship", "mother")
    page.check("#household-0-lives_with_child")
    page.fill("#household-1-name", "Marcus")
    page.fill("#household-1-relationship", "father")
    person = page.locator("#household-1")
    person.get_by_label("Kai").check()
    person.get_by_label("Mia").check()
    page.select_option("#invitations-0-agency_id", label="Well Street Surgery")
    page.fill("#invitations-0-author_email", NEW_GP)
    page.get_by_role("button", name="Schedule the conference").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Conference scheduled")
    expect(page.locator("#children tbody tr")).to_have_count(3)
    expect(page.locator("#household")).to_contain_text("Marcus")
    expect(page.locator("#invitations")).to_contain_text(NEW_GP)
    assert_accessible(page, "the three-child conference")
    family_url = page.url

    # 3. The GP follows the link from the mail, sets a password, sees the invitation.
    [mail] = [m for m in outbox(live_server.app, "invitation_new_account") if m.to == NEW_GP]
    link = mail.values["sign_in_link"]
    path = "/welcome/" + link.rsplit("/welcome/", 1)[1]
    gp = new_context(live_server.url).new_page()
    gp.goto(path)
    expect(gp.locator("h1")).to_have_text("Set your password")
    assert_accessible(gp, "the welcome page")
    gp.fill("#name", "Dr Ngozi Okafor")
    gp.fill("#new", PASSWORD)
    gp.fill("#confirm", PASSWORD)
    gp.get_by_role("button", name="Set password and sign in").click()
    expect(gp.locator("h1")).to_have_text("My reports")
    expect(gp.locator("main")).to_contain_text("Kai, Mia and Leo")
    assert_accessible(gp, "the new author's reports")
    gp.goto(path)
    expect(gp.locator("h1")).to_have_text("This link has already been used")
    assert_accessible(gp, "a used link")

    # 4. The coordinator reschedules: the deadline moves and the author is mailed.
    page.goto(family_url)
    page.get_by_role("link", name="Reschedule").click()
    assert_accessible(page, "the reschedule form")
    moved = weekday(28)
    fill_date(page, "date", moved)
    page.fill("#time", "14:00")
    page.get_by_role("button", name="Reschedule and tell the authors").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Conference rescheduled")
    expect(page.locator("h1")).to_contain_text(f"{moved.day} {moved:%B %Y}")
    assert_accessible(page, "the rescheduled conference")
    mails = outbox(live_server.app, "reschedule")
    assert [m.to for m in mails] == [NEW_GP]
    assert not any(re.search(r"Kai|Mia|Leo", str(m.values)) for m in mails)

    # 5. The week list shows the family in its new week, with what is still missing.
    with live_server.app.app_context():
        conference_id = (
            db.session().scalars(select(Conference.id).where(Conference.date == moved)).first()
        )
    page.goto(f"/coordinator/?week={moved.isoformat()}")
    row = page.locator(f"#conference-{conference_id}")
    expect(row).to_contain_text("Leo")
    expect(row).to_contain_text("1 author has not opened it")
    assert_accessible(page, "the week list in another week")

"""Issue 14's whole journey in Chromium with a real SMTP server on 127.0.0.1: the coordinator
schedules a three-child ICPC and invites a GP who has no account; the worker sends the mail;
the GP follows the link in the mail as received, sets a password, writes a report with each
child's voice and submits; the chair sees which report heard which child; the coordinator
reschedules and the author is mailed. axe finds nothing on any page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from reportsvc.mail.worker import Worker
from tests.browser import helpers
from tests.browser.axe import assert_accessible
from tests.mail.smtp import SmtpServer, body

pytestmark = pytest.mark.browser

NEW_GP = "dr.adeyemi@wellstreet.example"
PASSWORD = "a family journey password 2027"
CHILDREN = (("Kai", date(2016, 4, 1)), ("Mia", date(2019, 9, 12)), ("Leo", date(2023, 1, 30)))


weekday, fill_date = helpers.weekday, helpers.fill_date


@pytest.fixture
def smtp(tmp_path: Path) -> Any:
    with SmtpServer(tmp_path / "mail") as server:
        yield server


def send_mail(app: Any) -> None:
    Worker(app, name="journey").run_once(reminders=False)


def test_a_family_conference_from_scheduling_to_the_chairs_view(
    serve: Any, smtp: Any, new_context: Any
) -> None:
    server = serve(MAIL_URL=smtp.url, PUBLIC_URL="http://127.0.0.1:1")
    coordinator = new_context(server.url).new_page()
    helpers.sign_in(coordinator, "coordinator@demo.test")

    # The coordinator schedules a three-child ICPC and names a GP with no account.
    coordinator.goto("/coordinator/conferences/new")
    assert_accessible(coordinator, "the schedule form")
    coordinator.get_by_label("Initial conference (ICPC)").check()
    fill_date(coordinator, "date", weekday(21))
    coordinator.fill("#time", "10:00")
    coordinator.fill("#venue", "Civic Centre, room 3")
    coordinator.select_option("#chair_id", label="Demo Conference Chair")
    for _ in range(2):
        coordinator.get_by_role("button", name="Add another child").click()
    for n, (name, born) in enumerate(CHILDREN):
        coordinator.fill(f"#children-{n}-name", name)
        fill_date(coordinator, f"children-{n}-date_of_birth", born)
    coordinator.fill("#household-0-name", "Janelle")
    coordinator.fill("#household-0-relationship", "mother")
    coordinator.select_option("#invitations-0-agency_id", label="Well Street Surgery")
    coordinator.fill("#invitations-0-author_email", NEW_GP)
    coordinator.get_by_role("button", name="Schedule the conference").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "Conference scheduled"
    )
    assert_accessible(coordinator, "the three-child conference")
    family_url = coordinator.url

    # The worker sends the invitation; the GP follows the link in the mail as received.
    send_mail(server.app)  # the demo's own queued mails go too: pick the GP's
    [invitation] = [m for m in smtp.messages() if m["To"] == NEW_GP]
    text = body(invitation)
    assert not any(name in text for name, _ in CHILDREN), "no child's name in mail"
    path = re.search(r"http://127\.0\.0\.1:1(/welcome/\S+)", text).group(1)
    gp = new_context(server.url).new_page()
    gp.goto(path)
    expect(gp.locator("h1")).to_have_text("Set your password")
    assert_accessible(gp, "the welcome page")
    gp.fill("#name", "Dr Tola Adeyemi")
    gp.fill("#new", PASSWORD)
    gp.fill("#confirm", PASSWORD)
    gp.get_by_role("button", name="Set password and sign in").click()
    expect(gp.locator("h1")).to_have_text("My reports")
    assert_accessible(gp, "the new author's reports")
    gp.get_by_role("link", name="Kai, Mia and Leo").click()
    assert_accessible(gp, "the family report")

    # The GP writes the family sections once and each child's voice and identity.
    gp.fill("#author_role", "GP partner")
    sections = {
        "reason_for_involvement": "All three children are registered with the practice.",
        "worries": "Leo has missed two of his immunisations and Mia's asthma reviews.",
        "working_well": "Janelle brings the children to every urgent appointment.",
        "family_and_network": "Janelle is the children's mother; their father is not known.",
        "threshold_view": (
            "In my view Leo is likely to suffer significant harm through neglect because his "
            "immunisations have been missed twice despite three reminders."
        ),
        "reduce_worries": "All three children brought to every appointment for three months.",
        "service_actions": (
            "I will review Leo and Mia every month until 30 June and tell the social "
            "worker the same day if an appointment is missed."
        ),
    }
    for key, value in sections.items():
        gp.fill(f"#section_{key}", value)
    voices = (
        'Kai told me "I want to stay at my school".',
        "Mia said she likes it when her mum reads to her.",
        "Leo babbled and reached for Janelle when I examined him; he settled quickly.",
    )
    for n, voice in enumerate(voices):
        gp.fill(f"#children-{n}-voice_of_child", voice)
        gp.fill(
            f"#children-{n}-identity",
            f"{CHILDREN[n][0]} is of Black British Caribbean heritage; the family attend a "
            "Pentecostal church, which is a support to Janelle.",
        )
    gp.get_by_role("button", name="Submit report").click()
    expect(gp.locator(".govuk-notification-banner")).to_contain_text("submitted")
    assert_accessible(gp, "the submitted family report")

    # The chair sees each child heard by the GP's report.
    chair = new_context(server.url).new_page()
    helpers.sign_in(chair, "chair@demo.test")
    conference_id = family_url.rstrip("/").rsplit("/", 1)[1]
    chair.goto(f"/review/conferences/{conference_id}")
    coverage = chair.locator("#child-coverage")
    for name, _ in CHILDREN:
        expect(coverage).to_contain_text(name)
    row = coverage.locator("tbody tr", has_text="Well Street Surgery")
    expect(row.locator("td").first).to_have_text("Yes")
    assert_accessible(chair, "the chair's view of a family conference")

    # The coordinator reschedules; the author is mailed through the real SMTP server.
    coordinator.goto(family_url)
    coordinator.get_by_role("link", name="Reschedule").click()
    assert_accessible(coordinator, "the reschedule form")
    fill_date(coordinator, "date", weekday(28))
    coordinator.get_by_role("button", name="Reschedule and tell the authors").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("rescheduled")
    assert_accessible(coordinator, "the rescheduled conference")
    before = smtp.count()
    send_mail(server.app)
    smtp.wait_for(before + 1)
    moved = [m for m in smtp.messages()[before:] if m["To"] == NEW_GP]
    assert moved, "the author is told of the new date"
    assert not any(name in body(m) for m in moved for name, _ in CHILDREN)

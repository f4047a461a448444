"""Journeys 5 and 6: the author, chair and QA journeys with the keyboard alone (every focus
stop visible, the error summary takes focus), and the session-timeout warning, which keeps
what was typed when the user chooses to stay signed in."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.axe import assert_accessible, assert_accessible_once
from tests.browser.helpers import focused_matches, tab_to

pytestmark = pytest.mark.browser

TEXT = "I saw her at the surgery on 3 November; she was quiet and hungry."


def keyboard_sign_in(page: Any, email: str) -> None:
    page.goto("/sign-in")
    assert_accessible_once(page, "the sign-in page")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(helpers.DEMO_PASSWORD)
    tab_to(page, "button#submit")
    enter_and_wait(page)
    page.wait_for_url(re.compile(r"/(author|review|qa|admin)/"))
    assert_accessible_once(page, "the first page after signing in")


def enter_and_wait(page: Any) -> None:
    """Press Enter on a link or button that opens another page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible_once(page)


def test_author_journey_by_keyboard(live_server: Any, page: Any) -> None:
    draft = helpers.draft_for(live_server.app, "gp")
    keyboard_sign_in(page, draft.email)
    tab_to(page, f'a[href="/author/reports/{draft.report_id}"]')
    enter_and_wait(page)
    expect(page.locator("h1")).to_have_text(f"Report for {draft.child}")

    tab_to(page, "#section_service_actions")
    page.keyboard.type("We will continue to monitor her.")
    expect(page.locator('[data-feedback-for="service_actions"] mark')).to_contain_text(
        "continue to monitor"
    )

    # Submit too early: the error summary takes focus and its links lead to the fields.
    tab_to(page, 'button[value="submit"]')
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page, "the report with an error summary and highlights")
    expect(page.locator("#saved-not-submitted")).to_be_visible()
    first_error = summary.locator("a").first
    target = (first_error.get_attribute("href") or "#").lstrip("#")
    tab_to(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")
    assert focused_matches(page, f"#{target}"), f"the error link did not focus #{target}"

    # Fill the rest by keyboard and submit.
    for box in page.locator('textarea[id^="section_"], textarea[id^="children-"]').all():
        if not box.input_value().strip():
            box_id = box.get_attribute("id")
            tab_to(page, f"#{box_id}", backwards=not _after_focus(page, f"#{box_id}"))
            page.keyboard.type(TEXT)
    if page.locator("#actions-0-action").count():  # a review: the last plan's actions
        tab_to(page, "#actions-0-action", backwards=not _after_focus(page, "#actions-0-action"))
        page.keyboard.type("GP to refer her to the dietitian by 1 October.")
        tab_to(page, 'input[name="actions-0-status"]')
        page.keyboard.press("Space")
    tab_to(page, "#household-0-name", backwards=not _after_focus(page, "#household-0-name"))
    page.keyboard.type("Kezia")
    tab_to(page, "#household-0-relationship")
    page.keyboard.type("mother")
    tab_to(page, 'input[name="household-0-lives_with_child"]')
    page.keyboard.press("Space")
    tab_to(page, "#sharing-reason_not_shared")
    page.keyboard.type("Police advised not to share during the investigation.")
    tab_to(page, 'button[value="submit"]')
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    assert helpers.report_status(live_server.app, draft.report_id)[0] == "submitted"


def _after_focus(page: Any, selector: str) -> bool:
    """Whether ``selector`` comes after the focused element in the document."""
    return bool(
        page.evaluate(
            """(s) => {
                const target = document.querySelector(s);
                const here = document.activeElement;
                return !!(here.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
            }""",
            selector,
        )
    )


def test_chair_and_qa_journeys_by_keyboard(live_server: Any, page: Any, new_context: Any) -> None:
    target = helpers.submitted_for_chair(live_server.app)
    keyboard_sign_in(page, "chair@demo.test")
    tab_to(page, f'a[href="/review/conferences/{target.conference_id}"]')
    enter_and_wait(page)
    expect(page.locator("h1")).to_have_text(target.child)
    tab_to(page, f'#agencies a[href="/review/reports/{target.report_id}"]')
    enter_and_wait(page)
    tab_to(page, f'a[href="/review/reports/{target.report_id}/return"]')
    enter_and_wait(page)
    tab_to(page, "#comment")
    page.keyboard.type("Please say what you will do, by when, and how we will know.")
    tab_to(page, "button#submit")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Report returned")
    assert_accessible(page, "the returned report")

    qa = new_context(live_server.url).new_page()
    keyboard_sign_in(qa, "qa@demo.test")
    tab_to(qa, "details summary")
    qa.keyboard.press("Enter")
    expect(qa.locator("details").first).to_have_attribute("open", "")
    tab_to(qa, "#conference_type")
    qa.keyboard.press("ArrowDown")
    tab_to(qa, "form.app-filters button")
    qa.keyboard.press("Enter")
    qa.wait_for_url(re.compile(r"conference_type=\w+"))
    tab_to(qa, 'a[href*="/qa/export/summary.csv"]')
    with qa.expect_download() as download_info:
        qa.keyboard.press("Enter")
    body = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) >= 2


def test_session_warning_appears_and_staying_signed_in_keeps_the_text(
    serve: Any, new_context: Any
) -> None:
    server = serve(
        IDLE_TIMEOUT=timedelta(seconds=40),
        IDLE_WARNING=timedelta(seconds=34),
        SESSION_POLL_SECONDS=1,
    )
    page = new_context(server.url).new_page()
    draft = helpers.draft_for(server.app, "gp")
    helpers.sign_in(page, draft.email)
    page.goto(f"/author/reports/{draft.report_id}")
    helpers.never_reloaded(page)
    page.fill("#section_worries", TEXT)

    # Idle for a few seconds: the warning appears, announced, with the button focused.
    banner = page.locator(".app-session-warning")
    expect(banner).to_be_visible(timeout=20_000)
    expect(banner).to_have_attribute("role", "alertdialog")
    expect(banner).to_contain_text("You will be signed out in")
    expect(page.locator("#session-extend")).to_be_focused()
    assert_accessible(page, "the report with the session warning")

    page.keyboard.press("Enter")  # Stay signed in
    expect(banner).to_be_hidden()
    page.wait_for_timeout(2_500)  # two more polls: the warning stays away
    expect(banner).to_be_hidden()
    assert helpers.still_same_document(page)
    expect(page.locator("#section_worries")).to_have_value(TEXT)

    # Still signed in: saving works and keeps the text.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.locator("#section_worries")).to_have_value(TEXT)
    assert helpers.report_text(server.app, draft.report_id, "worries") == TEXT

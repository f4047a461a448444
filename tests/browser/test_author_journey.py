"""Journeys 1 and 2: an author writes a report in Chromium with live feedback and autosave,
and a stale tab gets the conflict page without losing what was typed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

VAGUE = "We will continue to monitor {child} at the surgery."
SPECIFIC = (
    "I will see {child} at the surgery every two weeks until 30 April and weigh her; if her "
    "weight falls below the 9th centile I will tell the social worker the same day."
)
FILLER = (
    "Seen at the surgery on 3 November with her mother, who told me she was tired and "
    "had run out of formula twice this month."
)


def feedback(page: Any, section: str) -> Any:
    return page.locator(f'[data-feedback-for="{section}"]')


def fill_sections(page: Any, skip: str) -> None:
    """Fill every section the report needs to be submitted (the journey types one itself)."""
    for box in page.locator('textarea[id^="section_"], textarea[id^="children-"]').all():
        if box.get_attribute("id") != f"section_{skip}":
            box.fill(FILLER)
    if page.locator("#actions-0-action").count():  # a review: the last plan's actions
        page.fill("#actions-0-action", "GP to refer her to the dietitian by 1 October.")
        page.locator('input[name="actions-0-status"]').first.check()
    page.fill("#household-0-name", "Kezia")
    page.fill("#household-0-relationship", "mother")
    page.check("#household-0-lives_with_child")


def record_sharing(page: Any) -> None:
    shared = date.today() - timedelta(days=1)
    page.fill("#sharing-date-day", str(shared.day))
    page.fill("#sharing-date-month", str(shared.month))
    page.fill("#sharing-date-year", str(shared.year))
    page.fill("#sharing-method", "face to face at the surgery")
    page.fill("#sharing-with_whom", "Kezia (mother)")
    page.fill("#sharing-feedback", "Kezia agreed with the worries and asked for more help.")


def test_author_writes_sees_feedback_autosaves_and_submits(
    live_server: Any, context: Any, page: Any
) -> None:
    draft = helpers.draft_for(live_server.app, "gp")
    url = f"/author/reports/{draft.report_id}"
    helpers.sign_in(page, draft.email)
    assert_accessible(page, "the author's list")
    page.locator(f'a[href="{url}"]').first.click()
    expect(page.locator("h1")).to_have_text(f"Report for {draft.child}")
    expect(page.locator("#save-status")).to_have_text("Not saved yet")
    assert_accessible(page, "the empty report")
    helpers.never_reloaded(page)

    # Type a vague plan: the phrase is highlighted with a reason and a better way, live.
    actions = page.locator("#section_service_actions")
    actions.click()
    actions.press_sequentially(VAGUE.format(child=draft.child), delay=5)
    box = feedback(page, "service_actions")
    flagged = box.locator("mark.app-flag", has_text="continue to monitor")
    expect(flagged).to_be_visible()
    expect(flagged).to_contain_text("Flagged words:")  # announced as text, not colour alone
    expect(box.locator(".app-feedback__list")).to_have_attribute("aria-live", "polite")
    expect(box).to_contain_text("A better way")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at "))
    assert helpers.still_same_document(page), "the page reloaded to show feedback"
    page.locator("#section-service_actions").scroll_into_view_if_needed()
    assert_accessible(page, "the report with a highlighted phrase")
    helpers.screenshot(page, "author-feedback")

    # Rewrite it: the highlight goes, and the autosave says when it saved.
    first_saved = page.locator("#save-status").inner_text()
    actions.fill("")
    actions.press_sequentially(SPECIFIC.format(child=draft.child), delay=2)
    expect(box.locator("mark", has_text="continue to monitor")).to_have_count(0)
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at "))
    expect(page.locator("#save-status")).not_to_have_text("Saving…")
    assert helpers.still_same_document(page)
    assert helpers.report_text(live_server.app, draft.report_id, "service_actions") == (
        SPECIFIC.format(child=draft.child)
    ), f"autosave did not store the text (status was {first_saved!r})"

    # Close the tab, open the report again: the text is there.
    page.close()
    page = context.new_page()
    page.goto(url)
    expect(page.locator("#section_service_actions")).to_have_value(
        SPECIFIC.format(child=draft.child)
    )
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at "))

    # Record sharing with the family, fill the rest, submit.
    fill_sections(page, skip="service_actions")
    record_sharing(page)
    page.get_by_role("button", name="Submit report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    assert helpers.report_status(live_server.app, draft.report_id)[0] == "submitted"
    expect(page.locator("main")).to_contain_text("face to face at the surgery")
    assert_accessible(page, "the submitted report")


def test_stale_tab_gets_the_conflict_page_and_keeps_the_text(
    live_server: Any, context: Any
) -> None:
    draft = helpers.draft_for(live_server.app, "gp")
    url = f"/author/reports/{draft.report_id}"
    first = context.new_page()
    helpers.sign_in(first, draft.email)
    first.goto(url)
    second = context.new_page()
    second.goto(url)

    # The first tab saves; the second, opened before that save, is now stale.
    first.fill("#section_worries", "Written in the first tab.")
    first.get_by_role("button", name="Save draft").click()
    expect(first.locator(".govuk-notification-banner")).to_contain_text("saved")

    mine = "Written in the second tab, which had not seen the first tab's save."
    second.fill("#section_worries", mine)
    second.get_by_role("button", name="Save draft").click()
    expect(second.locator("h1")).to_have_text("This report has changed since you opened it")
    assert_accessible(second, "the conflict page")
    main = second.locator("main")
    expect(main).to_contain_text("Written in the first tab.")
    expect(second.locator(".app-compare__mine")).to_have_text(mine)
    expect(second.locator(".app-compare__theirs")).to_have_text("Written in the first tab.")

    # Nothing was lost: the stored text is the first tab's, and saving again keeps mine.
    assert helpers.report_text(live_server.app, draft.report_id, "worries") == (
        "Written in the first tab."
    )
    second.get_by_role("button", name="Save my version").click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("saved")
    assert helpers.report_text(live_server.app, draft.report_id, "worries") == mine

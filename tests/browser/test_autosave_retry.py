"""Autosave when the service is briefly unavailable: the page says so, keeps the text and
tries again by itself after the server's Retry-After, then saves (issue 17)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

TEXT = "Seen at the surgery on 3 November with her mother; weight checked and recorded."


def test_a_failed_autosave_is_retried_by_itself(live_server: Any, page: Any) -> None:
    draft = helpers.draft_for(live_server.app, "gp")
    helpers.sign_in(page, draft.email)
    page.goto(f"/author/reports/{draft.report_id}")
    assert_accessible(page, "the report")
    failed: list[str] = []

    def unavailable_once(route: Any) -> None:
        if not failed:
            failed.append(route.request.url)
            route.fulfill(
                status=503,
                headers={"Retry-After": "1", "Content-Type": "application/json"},
                body='{"error": "The service is busy; try again shortly"}',
            )
        else:
            route.continue_()

    page.route(re.compile(r".*/api/v1/reports/\d+/draft$"), unavailable_once)
    page.fill("#section_worries", TEXT)
    expect(page.locator("#save-status")).to_contain_text("Trying again in 1 second;")
    # No key pressed since: the page tries again by itself and the text is stored.
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at "), timeout=15_000)
    assert failed, "the first autosave met the unavailable service"
    assert helpers.report_text(live_server.app, draft.report_id, "worries") == TEXT

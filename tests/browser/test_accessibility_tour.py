"""Every other page each role can reach, checked with axe-core at WCAG 2.2 AA, including
forms posted empty (their error summaries) and the not-found page. The journeys check the
pages on their way; this covers the rest."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def visit(page: Any, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    assert_accessible(page, url)


def post_empty(page: Any, url: str, button: str) -> None:
    """Open a form, send it without filling it in, and check the page with its errors."""
    visit(page, url)
    page.locator("main form").get_by_role("button", name=button).first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page, f"{url} with errors")


def test_author_pages(live_server: Any, page: Any) -> None:
    draft = helpers.draft_for(live_server.app, "gp")
    helpers.sign_in(page, draft.email)
    report = f"/author/reports/{draft.report_id}"
    for url in (f"{report}/print", f"{report}/family", f"{report}/import", "/author/model-reports"):
        visit(page, url)
    page.goto("/author/model-reports")
    page.locator("main a[href^='/author/model-reports/']").first.click()
    assert_accessible(page, "a model report")
    visit(page, "/about")
    visit(page, "/account/password")
    visit(page, "/author/no-such-page", status=404)


def test_chair_pages(live_server: Any, page: Any) -> None:
    target = helpers.submitted_for_chair(live_server.app)
    helpers.sign_in(page, "chair@demo.test")
    conference = f"/review/conferences/{target.conference_id}"
    visit(page, f"{conference}/pack")
    visit(page, f"{conference}/attendance")
    post_empty(page, f"{conference}/dissent", "Record dissent")
    visit(page, f"/review/reports/{target.report_id}/grade")


def test_qa_and_admin_pages(live_server: Any, page: Any, new_context: Any) -> None:
    helpers.sign_in(page, "qa@demo.test")
    for url in ("/qa/trends", "/qa/by-agency", "/qa/reports", "/qa/samples", "/qa/calibration"):
        visit(page, url)
    page.goto("/qa/reports")
    page.locator("main table a").first.click()
    assert_accessible(page, "a report from the QA list")
    visit(page, "/qa/?start=2026-13-01")  # a bad date: the filter's error summary

    admin = new_context(live_server.url).new_page()
    helpers.sign_in(admin, "admin@demo.test")
    for url in ("/admin/agencies", "/admin/settings", "/admin/audit"):
        visit(admin, url)

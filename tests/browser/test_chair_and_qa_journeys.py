"""Journeys 3 and 4: a chair returns a report with a comment that its author then sees; a QA
lead filters the audit summary, sees the charts and downloads the CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

COMMENT = "Please give your professional view on significant harm and the evidence for it."


def test_chair_returns_a_report_and_the_author_sees_the_comment(
    live_server: Any, page: Any, new_context: Any
) -> None:
    target = helpers.submitted_for_chair(live_server.app)
    helpers.sign_in(page, "chair@demo.test")
    page.goto("/review/")
    assert_accessible(page, "the chair's conferences")
    page.locator(f'a[href="/review/conferences/{target.conference_id}"]').first.click()
    expect(page.locator("h1")).to_have_text(target.child)

    coverage = page.locator("table.app-coverage")
    expect(coverage).to_be_visible()
    expect(coverage.locator("caption")).to_contain_text("Coverage")
    expect(coverage.locator("tbody tr")).not_to_have_count(0)
    expect(page.locator("#chronology")).to_be_visible()
    expect(page.locator("table.app-chronology tbody tr")).not_to_have_count(0)
    assert_accessible(page, "the conference page")
    helpers.screenshot(
        page,
        "chair-conference",
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": 2000},
    )

    page.locator("#agencies").get_by_role("link", name=target.agency_name).click()
    expect(page.locator("h1")).to_contain_text(target.agency_name)
    assert_accessible(page, "the chair's report review")
    page.get_by_role("button", name="Return to author with a comment").click()
    assert_accessible(page, "the return form")

    # An empty comment: the error summary names the problem.
    page.get_by_role("button", name=re.compile("Return report")).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page, "the return form with an error")

    page.fill("#comment", COMMENT)
    page.get_by_role("button", name=re.compile("Return report")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Report returned to {target.agency_name}."
    )
    assert_accessible(page, "the returned report")
    assert helpers.report_status(live_server.app, target.report_id)[0] == "returned"

    # The author of that agency sees the chair's comment on their report.
    author = new_context(live_server.url).new_page()
    helpers.sign_in(author, target.email)
    author.goto("/author/")
    assert_accessible(author, "the author's list with a returned report")
    author.goto(f"/author/reports/{target.report_id}")
    expect(author.locator(".app-challenges")).to_contain_text(COMMENT)
    assert_accessible(author, "the author's returned report")


def test_qa_lead_filters_sees_charts_and_exports_csv(live_server: Any, page: Any) -> None:
    helpers.sign_in(page, "qa@demo.test")
    page.goto("/qa/")
    expect(page.locator("h1")).to_have_text("Audit summary")
    assert_accessible(page, "the QA summary")
    charts = page.locator("main svg")
    expect(charts.first).to_be_visible()
    helpers.screenshot(page, "qa-summary", full_page=True)

    page.locator("summary", has_text="Period and filters").click()
    page.select_option("#conference_type", "ICPC")
    page.locator("form.app-filters").get_by_role("button").click()
    page.wait_for_load_state()
    assert "conference_type=ICPC" in page.url, "the filter did not reach the address"
    expect(page.locator("summary")).to_contain_text("ICPC")
    expect(page.locator("main svg").first).to_be_visible()
    assert_accessible(page, "the filtered QA summary")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("CSV", re.I)).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) >= 2, rows
    assert len({len(r) for r in rows}) == 1, "rows of different lengths"

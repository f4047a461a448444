"""The CSV upload in Chromium on the demo partnership: the coordinator downloads the example
file from the page, uploads it, sees the dry run, stores it; a bad file shows its problems.
axe (WCAG 2.2 AA) finds nothing on any of these pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from reportsvc import db
from reportsvc.models import Conference
from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def conferences(app: Any) -> int:
    with app.app_context():
        return int(db.session().scalar(select(func.count()).select_from(Conference)) or 0)


def test_coordinator_uploads_the_example_file(
    live_server: Any,
    page: Any,
    tmp_path: Path,
) -> None:
    helpers.sign_in(page, "coordinator@demo.test")
    page.goto("/coordinator/upload")
    assert_accessible(page, "the upload page")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download an example file (CSV)").click()
    example = tmp_path / "example.csv"
    download_info.value.save_as(example)
    assert example.read_bytes().startswith("\ufeff".encode())

    # A bad file first: the problems are listed with line and column, nothing is stored.
    before = conferences(live_server.app)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        example.read_text(encoding="utf-8-sig").replace("2019-04-11", "2019-02-30"),
        encoding="utf-8",
    )
    page.set_input_files("#file", str(bad))
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    assert "Line 2, column child_date_of_birth: must be a real date" in summary.inner_text()
    assert_accessible(page, "the upload page with problems")
    assert conferences(live_server.app) == before

    page.set_input_files("#file", str(example))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check the conferences before you store them").wait_for()
    assert page.locator("#upload-changes tbody tr").count() == 3
    assert_accessible(page, "the dry run")
    assert conferences(live_server.app) == before

    page.get_by_role("button", name="Store these conferences").click()
    page.get_by_role("heading", name="The conferences are stored").wait_for()
    assert "(3 new, 0 updated)" in page.locator("main").inner_text()
    assert_accessible(page, "the stored conferences")
    assert conferences(live_server.app) == before + 3

"""Submitted reports in the test world's first conference (child "Leah"), for the PDFs."""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from flask import Flask

import exemplars
from reportsvc import db
from reportsvc.documents import pdf
from reportsvc.models import Report, User
from reportsvc.services import reports
from tests.databases import REQUIRE_SERVICES
from tests.world import World

GP_WORRIES = (
    "Leah was not brought (WNB) to two appointments in March. Her mother told me on "
    "3 March 2026 that she is frightened of her partner. The HV saw bruising on 5 March 2026."
)
SCHOOL_WORRIES = "Leah's brother has been absent from school for 9 days since January 2026."


@pytest.fixture
def backend() -> str:
    """Documents do not depend on the database: SQLite only."""
    return "sqlite"


@pytest.fixture(scope="session")
def pdf_tools() -> None:
    """WeasyPrint (with Pango) and poppler-utils; skipped locally without them, never in CI."""
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdfinfo") if not shutil.which(tool)]
    if not pdf.available():
        missing.append("WeasyPrint with Pango (libpango-1.0-0, libpangoft2-1.0-0)")
    if missing:
        message = f"PDF tests need {', '.join(missing)}"
        if REQUIRE_SERVICES:
            pytest.fail(message + " but REPORTSVC_REQUIRE_SERVICES=1")
        pytest.skip(message)


@dataclass
class Submitted:
    gp: int
    school: int


def _document(exemplar_id: str, report: Report, worries: str) -> dict[str, Any]:
    document = copy.deepcopy(exemplars.load(exemplar_id).document)
    invitation = report.invitation
    conference = invitation.conference
    document["conference"] = {"type": conference.type, "date": conference.date.isoformat()}
    document["agency"] = {"type": invitation.agency.type, "name": invitation.agency.name}
    document["child"]["name"] = conference.child.name
    document["child"]["date_of_birth"] = conference.child.date_of_birth.isoformat()
    document["sections"]["worries"] = worries
    document["submitted_on"] = date.today().isoformat()
    return document


@pytest.fixture
def submitted(app: Flask, world: World) -> Submitted:
    with app.app_context():
        session = db.session()
        author = session.get(User, world.users["author_gp"])
        assert author is not None
        for report_id, exemplar_id, worries in (
            (world.gp_report, "gp-icpc-02", GP_WORRIES),
            (world.school_report, "school-icpc-01", SCHOOL_WORRIES),
        ):
            report = session.get(Report, report_id)
            assert report is not None
            reports.save(
                session,
                report,
                _document(exemplar_id, report, worries),
                expected_version=report.version,
                user=author,
                kind="submit",
                status="submitted",
            )
            report.submitted_at = datetime.combine(date.today(), time(9), tzinfo=UTC)
        session.commit()
    return Submitted(gp=world.gp_report, school=world.school_report)

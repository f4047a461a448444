"""What the journeys share: signing in, finding the demo records a journey needs, the
accessibility check on every page, and screenshots for the README."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Agency, Conference, Invitation, Report, User
from tests.browser import axe

DEMO_PASSWORD = "browser-tests-demo-password"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHORT = {"health_visitor": "hv"}


def sign_in(page: Any, email: str, password: str = DEMO_PASSWORD, check: bool = True) -> None:
    page.goto("/sign-in")
    if check:
        axe.assert_accessible(page, "the sign-in page")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, f"sign-in as {email} failed"


def author_email(agency_type: str) -> str:
    return f"author.{SHORT.get(agency_type, agency_type)}@demo.test"


def screenshot(page: Any, name: str, **kwargs: Any) -> None:
    """Save docs/screenshots/<name>.png when REPORTSVC_SCREENSHOTS=1 (scripts/screenshots.sh)."""
    if os.environ.get("REPORTSVC_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled", **kwargs)


def never_reloaded(page: Any) -> None:
    """Mark the document; `still_same_document` fails if the page has navigated since."""
    page.evaluate("() => { window.__journeyMarker = 'same document'; }")


def still_same_document(page: Any) -> bool:
    return bool(page.evaluate("() => window.__journeyMarker === 'same document'"))


@dataclass(frozen=True)
class Draft:
    report_id: int
    conference_id: int
    agency_type: str
    child: str
    email: str


@dataclass(frozen=True)
class Submitted:
    report_id: int
    conference_id: int
    agency_name: str
    email: str
    child: str


def draft_for(app: Any, agency_type: str = "gp") -> Draft:
    """An empty draft for an upcoming conference, in the demo data, for the agency type."""
    with app.app_context():
        session = db.session()
        rows = session.execute(
            select(Report, Conference, Agency)
            .join(Invitation, Report.invitation_id == Invitation.id)
            .join(Conference, Invitation.conference_id == Conference.id)
            .join(Agency, Invitation.agency_id == Agency.id)
            .where(Agency.type == agency_type, Report.status == "draft")
            .where(Conference.date >= date.today())
            .order_by(Report.version, Conference.date)
        ).all()
        assert rows, f"the demo data has no upcoming draft for a {agency_type} author"
        report, conference, _ = rows[0]
        return Draft(
            report.id, conference.id, agency_type, conference.child.name, author_email(agency_type)
        )


def submitted_for_chair(app: Any, chair_email: str = "chair@demo.test") -> Submitted:
    """A submitted report at the chair's soonest upcoming conference that has one."""
    with app.app_context():
        session = db.session()
        chair = session.scalar(select(User).where(User.email == chair_email))
        assert chair is not None
        rows = session.execute(
            select(Report, Conference, Agency)
            .join(Invitation, Report.invitation_id == Invitation.id)
            .join(Conference, Invitation.conference_id == Conference.id)
            .join(Agency, Invitation.agency_id == Agency.id)
            .where(Conference.chair_id == chair.id, Report.status == "submitted")
            .where(Conference.date >= date.today())
            .order_by(Conference.date, Agency.name)
        ).all()
        assert rows, "the demo data has no submitted report at an upcoming conference"
        report, conference, agency = rows[0]
        return Submitted(
            report.id, conference.id, agency.name, author_email(agency.type), conference.child.name
        )


def report_text(app: Any, report_id: int, section: str) -> str:
    """The section as last stored (the newest version)."""
    with app.app_context():
        report = db.session().get(Report, report_id)
        assert report is not None
        if not report.versions:
            return ""
        return str(report.versions[-1].document.get("sections", {}).get(section, ""))


def report_status(app: Any, report_id: int) -> tuple[str, int]:
    with app.app_context():
        report = db.session().get(Report, report_id)
        assert report is not None
        return report.status, report.version

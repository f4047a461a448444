"""What the journeys share: signing in, finding the demo records a journey needs, the
accessibility check on every page, and screenshots for the README."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Agency, Conference, Invitation, Report, User
from tests.browser import axe

DEMO_PASSWORD = "browser-tests-demo-password"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHORT = {"health_visitor": "hv"}


def sign_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in; the sign-in page and the page it lands on are checked with axe (once)."""
    page.goto("/sign-in")
    axe.assert_accessible_once(page, "the sign-in page")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    axe.assert_accessible_once(page, "the first page after signing in")


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


# The focused element's look, compared with its look once blurred: a visible focus indicator
# changes something (outline, shadow, background, border, or the label's drawn box for
# GOV.UK radios and checkboxes, whose real input is transparent).
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return {nothing: true}; }
  const name = (el.id ? "#" + el.id : "") || (el.getAttribute("href") || "") ||
               (el.textContent || "").trim().slice(0, 40);
  // Each element once: blur and focus again would put a date input back on its first part.
  const checked = window.__focusChecked = window.__focusChecked || new WeakMap();
  if (checked.has(el)) { return {nothing: false, visible: checked.get(el), tag: el.tagName, name}; }
  const props = ["outlineStyle", "outlineColor", "outlineWidth", "boxShadow", "backgroundColor",
                 "color", "borderTopColor", "borderBottomColor", "textDecorationLine"];
  const parts = [el];
  if (el.labels && el.labels.length) { parts.push(el.labels[0]); }
  const inner = el.querySelector(".govuk-details__summary-text");
  if (inner) { parts.push(inner); }
  const look = () => parts.map((node) => [null, "::before", "::after"].map((pseudo) => {
    const s = getComputedStyle(node, pseudo);
    return props.map((p) => s[p]).join("|");
  }).join("/")).join("//");
  const focused = look();
  el.blur();
  const blurred = look();
  el.focus();
  checked.set(el, focused !== blurred);
  return {nothing: false, visible: focused !== blurred, tag: el.tagName, name};
}"""


def tab_to(page: Any, selector: str, limit: int = 200, backwards: bool = False) -> None:
    """Press Tab until ``selector`` has focus, checking every stop on the way shows it."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STYLE)
        if state["nothing"]:
            continue
        assert state["visible"], f"no visible focus on {state['tag']} {state['name']}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {key} in {limit} presses")


def focused_matches(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => !!document.activeElement?.matches(s)", selector))


def weekday(days: int) -> date:
    """A Tuesday, Wednesday or Thursday about ``days`` from today (a conference day)."""
    day = date.today() + timedelta(days=days)
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    return day


def fill_date(page: Any, prefix: str, day: date) -> None:
    """Type a date into the GOV.UK day, month and year boxes with ids ``<prefix>-day`` etc."""
    page.fill(f"#{prefix}-day", str(day.day))
    page.fill(f"#{prefix}-month", str(day.month))
    page.fill(f"#{prefix}-year", str(day.year))

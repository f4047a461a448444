"""The outcome journey (issue 15): the chair records a two-child outcome (one plan under
neglect with a secondary concern, one no plan), a dissent and the plan's actions with a vague
one flagged live; the coordinator sees the core group and review dates on the register; a
review conference scheduled from it opens each author's report with the previous actions
listed; the chair ends the plan at the review and every agency invited to the ICPC is mailed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from reportsvc import db
from reportsvc.mail import templates
from reportsvc.models import Agency, Invitation, OutboxMail, Report, User
from reportsvc.services import scheduling
from reportsvc.services.conference_spec import parse
from tests.browser import helpers
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

ICPC_DAY = date.today() - timedelta(days=14)


@pytest.fixture(autouse=True)
def plan_ended_template() -> Iterator[None]:
    """As tests/outcomes/conftest.py: the proposed plan_ended mail until the mail package has it."""
    if "plan_ended" in templates.TEMPLATES:
        yield
        return
    templates.TEMPLATES["plan_ended"] = templates._t(
        "A child protection plan has ended",
        "The plan agreed at a conference that {agency} was invited to has ended at the review "
        "on {conference_date}.\n\n{link}\n",
        "agency conference_date link",
    )
    yield
    templates.TEMPLATES.pop("plan_ended", None)


def _schedule(app: Any, on: date, **changes: Any) -> tuple[int, dict[str, str]]:
    with app.app_context():
        session = db.session()
        agencies = {
            t: session.scalar(select(Agency.name).where(Agency.type == t).order_by(Agency.id))
            for t in ("gp", "school")
        }
        data: dict[str, Any] = {
            "reference": "JOURNEY-ICPC",
            "type": "ICPC",
            "date": on.isoformat(),
            "time": "10:00",
            "venue": "Civic Centre",
            "chair": "chair@demo.test",
            "previous_reference": None,
            "children": [
                {"key": "kai", "name": "Kai", "date_of_birth": "2021-04-03"},
                {"key": "ava", "name": "Ava", "date_of_birth": "2017-09-21"},
            ],
            "household": [{"name": "Rae", "relationship": "mother", "lives_with_child": True}],
            "invitations": [
                {"agency": {"type": t, "name": n}, "author_email": helpers.author_email(t)}
                for t, n in agencies.items()
            ],
        }
        data.update(changes)
        actor = session.scalar(select(User).where(User.role == "coordinator"))
        result = scheduling.schedule(session, parse(data), actor=actor)
        session.commit()
        return result.conference.id, {k: str(v) for k, v in agencies.items()}


def test_outcome_plan_review_and_plan_end(live_server: Any, page: Any, new_context: Any) -> None:
    app = live_server.app
    icpc, agencies = _schedule(app, ICPC_DAY)

    helpers.sign_in(page, "chair@demo.test")
    page.goto(f"/review/conferences/{icpc}")
    assert_accessible(page, "the conference page with the outcome link")
    page.get_by_role("link", name="Record or change the outcome").click()
    expect(page.locator("h1")).to_have_text("Conference outcome")
    assert_accessible(page, "the outcome page")
    # Saving with nothing chosen: every child's missing decision is named, nothing stored.
    page.get_by_role("button", name="Save the outcome").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Kai: decision")
    expect(summary).to_contain_text("Ava: decision")
    assert_accessible(page, "the outcome page with errors")
    helpers.never_reloaded(page)

    page.check("#c-kai-decision")  # plan
    page.select_option("#c-kai-category", "neglect")
    page.check("#c-kai-secondary-emotional")
    page.fill("#c-kai-primary_concern", "Parental substance misuse")
    page.fill("#c-kai-lead_social_worker", "Sam Patel")
    page.check("#c-ava-decision-no_plan")
    page.select_option("#c-ava-alternative", "child_in_need")

    page.fill("#a-0-agency", agencies["gp"])
    page.fill("#a-0-who", "Dr Okafor, GP")
    page.fill("#a-0-what", "Weigh Kai every four weeks and send the weights to the health visitor")
    page.fill("#a-0-by_when", (ICPC_DAY + timedelta(days=60)).isoformat())
    page.fill("#a-0-how_we_will_know", "Kai's weight stays at or above the 9th centile")
    page.fill("#a-1-agency", agencies["school"])
    page.fill("#a-1-who", "School")
    page.fill("#a-1-what", "continue to monitor")
    # The vague action is flagged as the chair types, without a reload.
    expect(page.locator("#a-1-advice")).to_contain_text("Vague")
    expect(page.locator("#a-1-advice mark")).to_have_text("continue to monitor")
    assert helpers.still_same_document(page)
    assert_accessible(page, "the outcome page with live advice")

    page.fill("#a-1-who", "Ms Reid, designated safeguarding lead")
    page.fill("#a-1-what", "Meet Ava each Monday and record her attendance")
    page.fill("#a-1-by_when", (ICPC_DAY + timedelta(days=90)).isoformat())
    page.fill("#a-1-how_we_will_know", "Attendance above 95% each half term")
    page.fill("#d-0-by", "Mother")
    page.fill("#d-0-reason", "Does not agree with the category")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator("#dates")).to_contain_text("Core group due by")
    expect(page.locator("#dates")).to_contain_text("Next review for Kai")
    expect(page.locator("#dates")).to_contain_text("Dissent by Mother")
    assert_accessible(page, "the outcome page after saving")

    # The coordinator sees the core group and the review due on the register.
    coordinator = new_context(live_server.url).new_page()
    helpers.sign_in(coordinator, "coordinator@demo.test")
    coordinator.goto("/review/register")
    expect(coordinator.locator("#plans")).to_contain_text("Kai")
    expect(coordinator.locator("#core-groups")).to_contain_text("Kai and Ava")
    assert_accessible(coordinator, "the register")
    coordinator.goto("/review/responses")
    expect(coordinator.locator("#awaiting")).to_contain_text("Mother")
    assert_accessible(coordinator, "dissent and appeals awaiting a response")

    # The review, scheduled from the ICPC, today: each author's report opens with the
    # previous actions of their agency.
    rcpc, _ = _schedule(
        app, date.today(), reference="JOURNEY-RCPC", type="RCPC",
        previous_reference="JOURNEY-ICPC",
    )  # fmt: skip
    with app.app_context():
        session = db.session()
        gp_report = session.scalar(
            select(Report.id)
            .join(Invitation, Report.invitation_id == Invitation.id)
            .join(Agency, Invitation.agency_id == Agency.id)
            .where(Invitation.conference_id == rcpc, Agency.type == "gp")
        )
    author = new_context(live_server.url).new_page()
    helpers.sign_in(author, helpers.author_email("gp"))
    author.goto(f"/author/reports/{gp_report}")
    expect(author.locator("main")).to_contain_text("Weigh Kai every four weeks")
    assert_accessible(author, "the review report with previous actions")

    # The chair ends the plan at the review; every agency invited to the ICPC is mailed.
    page.goto(f"/review/conferences/{rcpc}/outcome")
    page.check("#c-kai-decision-plan_ends")
    page.select_option("#c-kai-alternative", "child_in_need")
    page.check("#c-ava-decision-no_plan")
    page.select_option("#c-ava-alternative", "child_in_need")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator("#dates")).to_contain_text("Next review for Kai")
    assert_accessible(page, "the review's outcome")
    with app.app_context():
        mails = (
            db.session()
            .scalars(select(OutboxMail).where(OutboxMail.template == "plan_ended"))
            .all()
        )
        assert sorted(m.to for m in mails) == sorted(
            [helpers.author_email("gp"), helpers.author_email("school")]
        )
        assert not any("Kai" in str(m.values) for m in mails)

"""A conference for the chair's journey: four agencies invited, the GP's report in time and
inadequate, the school's and the health visitor's late, the police's missing."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from flask import Flask

import exemplars
from reportsvc import db
from reportsvc.models import Agency, Child, Conference, Report, User
from reportsvc.services import conferences, reports
from scoring.calendar import add_working_days
from tests.world import World


@dataclass
class Scene:
    conference: int
    reports: dict[str, int]  # agency type -> report id
    agencies: dict[str, int]
    due: date


def fit(
    exemplar_id: str, conference: Conference, agency: Agency, submitted: date
) -> dict[str, Any]:
    document = copy.deepcopy(exemplars.load(exemplar_id).document)
    document["conference"] = {"type": conference.type, "date": conference.date.isoformat()}
    document["agency"] = {"type": agency.type, "name": agency.name}
    document["child"]["date_of_birth"] = conference.child.date_of_birth.isoformat()
    document["submitted_on"] = submitted.isoformat()
    return document


def submit(report: Report, document: dict[str, Any], user: User, on: date) -> None:
    session = db.session()
    reports.save(
        session,
        report,
        document,
        expected_version=report.version,
        user=user,
        kind="submit",
        status="submitted",
    )
    report.submitted_at = datetime.combine(on, time(10, 30), tzinfo=UTC)
    session.commit()


@pytest.fixture
def scene(app: Flask, world: World) -> Scene:
    with app.app_context():
        session = db.session()
        chair = session.get(User, world.users["chair"])
        gp = session.get(Agency, world.agencies["gp"])
        school = session.get(Agency, world.agencies["school"])
        hv = Agency(name="Test Health Visiting", type="health_visitor")
        police = Agency(name="Test Police", type="police")
        session.add_all([hv, police])
        assert chair and gp and school
        conference = conferences.create_conference(
            session,
            child=Child(name="Amir", date_of_birth=date(2023, 6, 10)),
            type="ICPC",
            on=add_working_days(date.today(), 1),
            chair=chair,
            agencies=[gp, school, hv, police],
        )
        session.commit()
        due = conference.invitations[0].due_date
        by_type = {inv.agency.type: inv for inv in conference.invitations}
        author = session.get(User, world.users["author_gp"])
        assert author
        plan = {
            "gp": ("gp-icpc-02", add_working_days(due, -1)),  # inadequate, in time
            "school": ("school-icpc-01", add_working_days(due, 2)),  # late
            "health_visitor": ("health_visitor-icpc-01", add_working_days(due, 1)),  # late
        }
        for agency_type, (exemplar_id, on) in plan.items():
            inv = by_type[agency_type]
            assert inv.report is not None
            submit(inv.report, fit(exemplar_id, conference, inv.agency, on), author, on)
        return Scene(
            conference=conference.id,
            reports={t: inv.report.id for t, inv in by_type.items() if inv.report},
            agencies={t: inv.agency_id for t, inv in by_type.items()},
            due=due,
        )

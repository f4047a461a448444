"""A small partnership for tests: two agencies' authors, two chairs, a QA lead, an admin,
and two conferences, built through the same services the app uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask

from reportsvc import db
from reportsvc.auth.login import hashing
from reportsvc.models import Agency, Child, Conference, Report, User
from reportsvc.services import accounts, conferences

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    agencies: dict[str, int]
    users: dict[str, int]
    emails: dict[str, str]
    conference: int  # chaired by "chair"; invites gp and school
    other_conference: int  # chaired by "chair2"; invites school only
    gp_report: int
    school_report: int
    other_report: int  # the school's report for other_conference
    gp_invitation: int = 0  # the gp's invitation to conference
    other_invitation: int = 0  # the school's invitation to other_conference
    child: int = 0  # Leah, the child of conference


def build(app: Flask, today: date | None = None) -> World:
    today = today or date.today()
    with app.app_context():
        session = db.session()
        la = Agency(name="Test Children's Services", type="other")
        gp = Agency(name="Test Surgery", type="gp")
        school = Agency(name="Test School", type="school")
        session.add_all([la, gp, school])
        people = {
            "author_gp": ("author", gp),
            "author_school": ("author", school),
            "chair": ("chair", la),
            "chair2": ("chair", la),
            "qa": ("qa_lead", la),
            "admin": ("admin", la),
            "coordinator": ("coordinator", la),
        }
        users: dict[str, User] = {}
        for key, (role, agency) in people.items():
            users[key] = accounts.create_user(
                session,
                email=f"{key}@test.example",
                name=key.replace("_", " ").title(),
                password=PASSWORD,
                role=role,
                agency=agency,
                hashing=hashing(),
            )
        child = Child(name="Leah", date_of_birth=date(2023, 5, 2), ethnicity="", religion="")
        other_child = Child(name="Sam", date_of_birth=date(2015, 1, 9))
        first = conferences.create_conference(
            session,
            child=child,
            type="ICPC",
            on=today + timedelta(days=21),
            chair=users["chair"],
            agencies=[gp, school],
        )
        second = conferences.create_conference(
            session,
            child=other_child,
            type="RCPC",
            on=today + timedelta(days=28),
            chair=users["chair2"],
            agencies=[school],
        )
        session.commit()

        def report_of(conference: Conference, agency: Agency) -> int:
            for inv in conference.invitations:
                if inv.agency_id == agency.id:
                    assert isinstance(inv.report, Report)
                    return inv.report.id
            raise AssertionError("no such invitation")

        return World(
            agencies={"la": la.id, "gp": gp.id, "school": school.id},
            users={k: u.id for k, u in users.items()},
            emails={k: u.email for k, u in users.items()},
            conference=first.id,
            other_conference=second.id,
            gp_report=report_of(first, gp),
            school_report=report_of(first, school),
            other_report=report_of(second, school),
            gp_invitation=next(i.id for i in first.invitations if i.agency_id == gp.id),
            other_invitation=second.invitations[0].id,
            child=child.id,
        )

"""Property test of access control: a hypothesis state machine creates agencies, users of
every role, conferences and their reports at random, through the services, and after each
step checks through the test client that every read and write it tries is allowed exactly
when reportsvc/policy.py says so (200 for ALLOW, 403 for FORBIDDEN, 404 for NOT_FOUND), with
the role decorator answering 403 first for a role that may never use the page."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from reportsvc import db, policy
from reportsvc.auth.login import hashing
from reportsvc.models import Agency, Child, Conference, Invitation, Report, User
from reportsvc.services import accounts, conferences
from tests import pages
from tests.world import PASSWORD, World

ROLES = ("author", "chair", "qa_lead", "admin")
AGENCY_TYPES = ("gp", "school", "police", "health_visitor", "housing")


@dataclass(frozen=True)
class Probe:
    method: str
    url: str  # with {report} or {conference}
    roles: frozenset[str]  # what the role decorator lets through
    decide: Any  # the policy function
    on: str  # "report" or "conference"


PROBES = (
    Probe("GET", "/author/reports/{report}", frozenset({"author"}), policy.read_report, "report"),
    Probe("GET", "/author/reports/{report}/report.json", frozenset({"author"}),
          policy.read_report, "report"),
    Probe("GET", "/review/reports/{report}", frozenset({"chair", "qa_lead"}),
          policy.read_report, "report"),
    Probe("GET", "/review/reports/{report}/return", frozenset({"chair"}),
          policy.review_report, "report"),
    Probe("GET", "/review/conferences/{conference}", frozenset({"chair", "qa_lead"}),
          policy.read_conference, "conference"),
    Probe("GET", "/review/conferences/{conference}/attendance", frozenset({"chair"}),
          policy.review_conference, "conference"),
    Probe("POST", "/api/v1/reports/{report}/draft", frozenset({"author"}),
          policy.write_report, "report"),
    Probe("POST", "/api/v1/reports/{report}/check", frozenset({"author"}),
          policy.write_report, "report"),
)  # fmt: skip
_names = itertools.count()
CHECKED = itertools.count()


class AccessMachine(RuleBasedStateMachine):
    agencies = Bundle("agencies")
    users = Bundle("users")
    reports = Bundle("reports")

    def __init__(self, app: Flask, world: World) -> None:
        super().__init__()
        self.app = app
        self.world = world
        self.clients: dict[int, FlaskClient] = {}
        self.checked = 0

    @initialize(target=users)
    def world_users(self) -> Any:
        from hypothesis.stateful import multiple

        return multiple(*self.world.users.values())

    @initialize(target=reports)
    def world_reports(self) -> Any:
        from hypothesis.stateful import multiple

        w = self.world
        return multiple(w.gp_report, w.school_report, w.other_report)

    @rule(target=agencies, kind=st.sampled_from(AGENCY_TYPES))
    def add_agency(self, kind: str) -> int:
        with self.app.app_context():
            session = db.session()
            agency = Agency(name=f"Agency {next(_names)}", type=kind)
            session.add(agency)
            session.commit()
            return agency.id

    @rule(target=users, role=st.sampled_from(ROLES), agency=agencies)
    def add_user(self, role: str, agency: int) -> int:
        with self.app.app_context():
            session = db.session()
            found = session.get(Agency, agency)
            assert found is not None
            user = accounts.create_user(
                session,
                email=f"u{next(_names)}@machine.test",
                name="Machine user",
                password=PASSWORD,
                role=role,
                agency=found,
                hashing=hashing(),
            )
            session.commit()
            return user.id

    @rule(target=reports, chair=users, invited=st.lists(agencies, min_size=1, max_size=3))
    def add_conference(self, chair: int, invited: list[int]) -> Any:
        from hypothesis.stateful import multiple

        with self.app.app_context():
            session = db.session()
            chairing = session.get(User, chair)
            assert chairing is not None
            if chairing.role != "chair":
                return multiple()
            agencies = [a for a in (session.get(Agency, i) for i in sorted(set(invited))) if a]
            conference = conferences.create_conference(
                session,
                child=Child(name="Child", date_of_birth=date(2020, 1, 1)),
                type="ICPC",
                on=date.today() + timedelta(days=30),
                chair=chairing,
                agencies=agencies,
            )
            session.commit()
            return multiple(*(inv.report.id for inv in conference.invitations if inv.report))

    @rule(user=users, report=reports, probe=st.sampled_from(PROBES))
    def try_access(self, user: int, report: int, probe: Probe) -> None:
        with self.app.app_context():
            session = db.session()
            who = session.get(User, user)
            found = session.get(Report, report)
            assert who is not None and found is not None
            invitation: Invitation = found.invitation
            conference: Conference = invitation.conference
            if who.role not in probe.roles:
                expected = 403
            else:
                target = invitation if probe.on == "report" else conference
                expected = probe.decide(who, target).value
            email = who.email
            conference_id = conference.id
        client = self._client(user, email)
        url = probe.url.format(report=report, conference=conference_id)
        if probe.method == "GET":
            response = client.get(url)
        else:
            token = pages.parse(client.get("/about")).csrf()
            response = client.post(
                url, json={"fields": [["version", "-1"]]}, headers={"X-CSRFToken": token}
            )
        status = response.status_code
        got = status if status in (403, 404) else 200
        if probe.method == "POST" and status in (400, 409):
            got = 200  # allowed through the policy; the body was refused (stale version)
        assert status < 500, (probe.url, status)
        assert got == expected, (probe.url, who.role, expected, status)
        self.checked += 1
        next(CHECKED)

    @invariant()
    def nothing_broke(self) -> None:
        assert self.checked >= 0

    def _client(self, user: int, email: str) -> FlaskClient:
        if user not in self.clients:
            client = self.app.test_client()
            response = pages.sign_in(client, email, PASSWORD)
            assert response.status_code == 302, "sign-in failed"
            self.clients[user] = client
        return self.clients[user]


def test_every_access_matches_the_policy(app, world):
    before = next(CHECKED)
    run_state_machine_as_test(
        lambda: AccessMachine(app, world),
        settings=settings(
            max_examples=6,
            stateful_step_count=25,
            deadline=None,
            database=None,
            derandomize=True,  # the same runs every time: CI never passes or fails by luck
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert next(CHECKED) - before > 15, "the machine checked too few accesses to mean much"

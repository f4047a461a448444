"""A small audit with hand-known answers, stored without running the engine.

Three conferences: A (ICPC, 30 days ago, chair), B (RCPC, 20 days ago, chair2) and
C (ICPC, 200 days ago, outside the default three months). Each written report gets a
hand-made assessment whose criteria are listed below, so every figure can be worked out
on paper (see test_summary.py for the sums).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Flask

import exemplars
import scoring
from reportsvc import db
from reportsvc.models import (
    Agency,
    Attendance,
    Chase,
    Child,
    Report,
    ReportReturn,
    ReportVersion,
    User,
)
from reportsvc.services import conferences, facts, reports
from tests.world import World

CORE = (
    "threshold-rationale",
    "father-addressed",
    "voice-of-child",
    "identity-reflection",
    "previous-actions",
    "smart-actions",
    "shared-with-family",
)
SECRET = "SECTION-TEXT-THAT-MUST-NEVER-LEAVE"


@dataclass
class Audit:
    today: date
    ids: dict[str, int]  # "A/gp" -> report id
    version_ids: dict[str, int]


# The review reports that recommend step-down (the criterion applies only to them): with
# evidence of sustained change (met) or without.
STEP_DOWN = {"B/gp": True, "B/school": False}


def _assessment(
    met: set[str], grade: str, score: int, step_down: bool | None = None
) -> scoring.Assessment:
    criteria = tuple(
        scoring.CriterionResult(c, c in met, 10, "explanation") for c in (*CORE, "timeliness")
    )
    if step_down is not None:
        criteria += (scoring.CriterionResult("step-down-evidence", step_down, 10, "explanation"),)
    return scoring.Assessment(grade, score, criteria, (), "test-old")


def _document(kind: str, conference_type: str, day: date, shared_on: date | None, alt: str) -> Any:
    base = copy.deepcopy(exemplars.load("gp-icpc-01").document)
    base["conference"] = {"type": conference_type, "date": day.isoformat()}
    base["shared_with_family"] = (
        {"date": shared_on.isoformat(), "method": "in person", "feedback": "ok"}
        if shared_on
        else None
    )
    base["sections"]["alternative_views"] = alt
    base["sections"]["worries"] = SECRET + " " + base["sections"].get("worries", "")
    return base


def build(app: Flask, world: World) -> Audit:
    today = date.today()
    with app.app_context():
        session = db.session()
        gp = session.get(Agency, world.agencies["gp"])
        school = session.get(Agency, world.agencies["school"])
        evil = Agency(name='=HYPERLINK("http://x")', type="police")
        session.add(evil)
        chair = session.get(User, world.users["chair"])
        chair2 = session.get(User, world.users["chair2"])
        author = session.get(User, world.users["author_gp"])
        assert gp and school and chair and chair2 and author
        plans = {
            "A": ("ICPC", today - timedelta(days=30), chair, [gp, school]),
            "B": ("RCPC", today - timedelta(days=20), chair2, [gp, school, evil]),
            "C": ("ICPC", today - timedelta(days=200), chair, [gp]),
        }
        invitations: dict[str, Any] = {}
        for name, (kind, day, who, agencies) in plans.items():
            conference = conferences.create_conference(
                session,
                child=Child(name="Child " + name, date_of_birth=date(2020, 1, 1)),
                type=kind,
                on=day,
                chair=who,
                agencies=agencies,
            )
            session.flush()
            for inv in conference.invitations:
                inv.due_date = day - timedelta(days=5)
                key = {gp.id: "gp", school.id: "school", evil.id: "evil"}[inv.agency_id]
                invitations[f"{name}/{key}"] = inv
        session.flush()
        # name: (submitted days after due, shared days after due or None, alt views, met, grade)
        written = {
            "A/gp": (-1, -2, "Mother disagrees", {*CORE} - {"previous-actions"}, "good", 90),
            "B/gp": (
                2,
                1,
                "",
                {"identity-reflection", "shared-with-family", "previous-actions"},
                "requires_improvement",
                60,
            ),
            "B/school": (0, None, " ", {"voice-of-child", "threshold-rationale"}, "inadequate", 30),
            "C/gp": (-1, None, "", {*CORE}, "good", 95),
        }
        ids: dict[str, int] = {}
        version_ids: dict[str, int] = {}
        for key, inv in invitations.items():
            report: Report = inv.report
            ids[key] = report.id
            if key not in written:
                continue
            late, shared, alt, met, grade, score = written[key]
            due = inv.due_date
            document = _document(
                key,
                inv.conference.type,
                inv.conference.date,
                due + timedelta(days=shared) if shared is not None else None,
                alt,
            )
            version = ReportVersion(
                report_id=report.id,
                number=1,
                kind="submit",
                document=document,
                created_by_id=author.id,
            )
            session.add(version)
            session.flush()
            reports.store_assessment(
                session, version, _assessment(met, grade, score, STEP_DOWN.get(key))
            )
            report.status = "submitted"
            report.version = 1
            report.submitted_at = datetime.combine(
                due + timedelta(days=late), time(10, 0), tzinfo=UTC
            )
            version_ids[key] = version.id
        session.add(
            ReportReturn(
                report_id=ids["B/school"], chair_id=chair2.id, comment="x", returned_version=1
            )
        )
        session.add(Chase(invitation_id=invitations["B/evil"].id, chair_id=chair2.id))
        # What the chair recorded at each conference, in order; the latest row per agency
        # counts. Attended (attending or attended): A/gp, B/school, C/gp. Not: A/school
        # (apologies), B/gp (attended, then corrected to did not attend), B/evil (nothing
        # recorded). Children's social care (no agency id) is not an invited agency.
        attendance = [
            ("A/gp", "attending"),
            ("A/school", "apologies"),
            ("A/gp", "attended"),
            ("B/gp", "attended"),
            ("B/school", "attended"),
            ("B/gp", "did_not_attend"),
            ("C/gp", "attending"),
        ]
        # Recorded an hour ago: "the latest counts", so a chair's change made now must come
        # after these at any time of day (09:00 today was still ahead before 9 a.m.).
        start = datetime.now(UTC) - timedelta(hours=1)
        for minute, (key, status) in enumerate(attendance):
            inv = invitations[key]
            session.add(
                Attendance(
                    conference_id=inv.conference_id,
                    agency_id=inv.agency_id,
                    status=status,
                    recorded_at=start + timedelta(minutes=minute),
                )
            )
        for name in ("A", "B"):
            session.add(
                Attendance(
                    conference_id=invitations[f"{name}/gp"].conference_id,
                    agency_id=None,
                    is_social_care=True,
                    status="attended",
                    recorded_at=start,
                )
            )
        session.flush()
        facts.refresh_reports(session, ids.values())
        session.commit()
        return Audit(today, ids, version_ids)

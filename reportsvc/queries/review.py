"""What a chair's pages show: their conferences and who has reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reportsvc.models import Conference, Invitation
from reportsvc.queries.common import latest_assessments


@dataclass(frozen=True)
class ConferenceRow:
    conference: Conference
    invited: int
    submitted: int
    late: int
    grades: dict[str, int]


def conferences_for_chair(session: Session, chair_id: int, today: date) -> list[ConferenceRow]:
    conferences = session.scalars(
        select(Conference)
        .where(Conference.chair_id == chair_id)
        .options(selectinload(Conference.invitations).selectinload(Invitation.report))
        .options(selectinload(Conference.child))
        .order_by(Conference.date)
    ).all()
    report_ids = [
        inv.report.id for c in conferences for inv in c.invitations if inv.report is not None
    ]
    assessed = latest_assessments(session, report_ids)
    rows = []
    for conference in conferences:
        submitted = late = 0
        grades: dict[str, int] = {}
        for inv in conference.invitations:
            report = inv.report
            if report is None:
                continue
            if report.status == "submitted" and report.submitted_at is not None:
                submitted += 1
                if report.submitted_at.date() > inv.due_date:
                    late += 1
                assessment = assessed.get(report.id)
                if assessment:
                    grades[assessment.grade] = grades.get(assessment.grade, 0) + 1
            elif inv.due_date < today:
                late += 1
        rows.append(ConferenceRow(conference, len(conference.invitations), submitted, late, grades))
    return rows

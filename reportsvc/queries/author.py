"""What an author's home page lists: their agency's invitations and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from reportsvc.models import Conference, ConferenceChild, Invitation, Report
from reportsvc.queries.common import deadline_text, latest_assessments
from scoring.calendar import Timescales


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    report: Report
    deadline: str
    grade: str | None
    score: int | None


def invitations_for_agency(
    session: Session, agency_id: int, today: date, timescales: Timescales
) -> list[InvitationRow]:
    invitations = session.scalars(
        select(Invitation)
        .join(Conference)
        .where(Invitation.agency_id == agency_id)
        .options(
            joinedload(Invitation.conference)
            .selectinload(Conference.child_links)
            .joinedload(ConferenceChild.child)
        )
        .options(joinedload(Invitation.report))
        .order_by(Conference.date.desc())
    ).all()
    reports = [inv.report for inv in invitations if inv.report is not None]
    assessed = latest_assessments(session, [r.id for r in reports])
    rows = []
    for inv in invitations:
        assert inv.report is not None
        assessment = assessed.get(inv.report.id)
        rows.append(
            InvitationRow(
                invitation=inv,
                report=inv.report,
                deadline=deadline_text(inv.due_date, today, timescales),
                grade=assessment.grade if assessment else None,
                score=assessment.score if assessment else None,
            )
        )
    # Upcoming conferences first, soonest at the top; then past ones, most recent first.
    upcoming = sorted(
        (r for r in rows if r.invitation.conference.date >= today),
        key=lambda r: r.invitation.conference.date,
    )
    past = [r for r in rows if r.invitation.conference.date < today]
    return upcoming + past

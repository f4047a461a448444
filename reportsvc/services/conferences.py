"""Conferences and invitations: due dates come from the working-day rule."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from reportsvc.models import Agency, Child, Conference, Invitation, Report, User
from reportsvc.services import settings
from scoring.calendar import report_deadline


def create_conference(
    session: Session,
    *,
    child: Child,
    type: str,
    on: date,
    chair: User,
    agencies: list[Agency],
    previous: Conference | None = None,
) -> Conference:
    if type not in ("ICPC", "RCPC"):
        raise ValueError("Conference type must be ICPC or RCPC")
    conference = Conference(child=child, type=type, date=on, chair=chair, previous=previous)
    session.add(conference)
    due = report_deadline(on, type, settings.timescales(session))
    for agency in agencies:
        invite(session, conference, agency, due)
    return conference


def invite(session: Session, conference: Conference, agency: Agency, due: date) -> Invitation:
    invitation = Invitation(conference=conference, agency=agency, due_date=due)
    session.add(invitation)
    # One report per invitation, created empty so it can be versioned from the first save.
    session.add(Report(invitation=invitation, status="draft", version=0))
    return invitation

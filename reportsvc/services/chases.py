"""A chair chases a report that is not in: a Chase row with the time, seen by the agency."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reportsvc.models import Chase, Invitation, User, utcnow


class NotChaseable(Exception):
    """The report is already submitted."""


def chase(session: Session, invitation: Invitation, *, chair: User, note: str = "") -> Chase:
    """Record a chase. Caller commits."""
    if invitation.report is not None and invitation.report.status == "submitted":
        raise NotChaseable()
    row = Chase(
        invitation_id=invitation.id, chair_id=chair.id, note=note.strip(), created_at=utcnow()
    )
    session.add(row)
    session.flush()
    return row

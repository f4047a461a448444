"""A chair chases a report that is not in: a Chase row with the time, seen by the agency,
and a "chase" mail to the author queued in the same transaction (the mail says the chair is
asking for the report; the chair's note stays on the page, never in the mail)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reportsvc.mail import messages
from reportsvc.models import Chase, Invitation, User, utcnow
from reportsvc.services import outbox


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
    values = messages.invitation_values(invitation)
    for user in messages.recipients(session, invitation):
        outbox.queue(session, to=user.email, template="chase", values=values)
    return row

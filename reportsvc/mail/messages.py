"""Who is mailed about an invitation, and the values every invitation mail shares.

Used by the services that queue mail (chases, returns, reminders, the coordinator's
scheduling), so each says the same thing the same way. Values are dates, the agency's name
and links: never report text or a child's name (``templates.validate`` enforces the names).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import Invitation, User


def recipients(session: Session, invitation: Invitation) -> list[User]:
    """The invitation's named author; without one (invitations made before authors were
    named), the agency's active authors."""
    if invitation.author is not None:
        return [invitation.author] if invitation.author.active else []
    return list(
        session.scalars(
            select(User)
            .where(
                User.agency_id == invitation.agency_id,
                User.role == "author",
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def report_link(invitation: Invitation) -> str:
    """The author's page for the report (a path; the worker adds ``PUBLIC_URL``)."""
    if invitation.report is not None:
        return f"/author/reports/{invitation.report.id}"
    return "/author/"


def invitation_values(invitation: Invitation) -> dict[str, Any]:
    conference = invitation.conference
    return {
        "agency": invitation.agency.name,
        "conference_type": conference.type,
        "conference_date": conference.date,
        "deadline": invitation.due_date,
        "link": report_link(invitation),
    }

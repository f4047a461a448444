"""Conferences and invitations made directly (demo loader, tests, benchmarks).

The coordinator's pages, the API and the CSV upload go through services/scheduling.py,
which checks everything first; this is the plain constructor underneath.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from reportsvc.models import Agency, Child, Conference, ConferenceChild, User
from reportsvc.services import settings
from reportsvc.services.invitations import invite
from scoring.calendar import report_deadline

__all__ = ["create_conference", "invite"]


def create_conference(
    session: Session,
    *,
    child: Child | None = None,
    children: dict[str, Child] | None = None,
    type: str,
    on: date,
    chair: User,
    agencies: list[Agency],
    previous: Conference | None = None,
) -> Conference:
    """A conference for ``child`` (keyed "child") or ``children`` (key -> child)."""
    if type not in ("ICPC", "RCPC"):
        raise ValueError("Conference type must be ICPC or RCPC")
    family = children if children is not None else {"child": child}
    if not family or any(c is None for c in family.values()):
        raise ValueError("A conference needs at least one child")
    conference = Conference(type=type, date=on, chair=chair, previous=previous)
    conference.child_links = [
        ConferenceChild(key=key, child=c, position=n)
        for n, (key, c) in enumerate(family.items())
        if c is not None
    ]
    session.add(conference)
    session.flush()
    conference.child_id = conference.child_links[0].child.id
    due = report_deadline(on, type, settings.timescales(session))
    for agency in agencies:
        invite(session, conference, agency, due)
    return conference

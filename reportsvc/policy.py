"""Who may do what to which record. Pure functions over users and records.

- An author reads and writes only reports of their own agency; a withdrawn invitation or
  a cancelled conference's report can still be read, no longer written.
- A chair reads every report of the conferences they chair.
- A QA lead reads all reports and scores but changes none.
- An admin manages users, agencies and settings but does not read report text.

A denied read of a record the user may not know exists is a 404; a role that may never
do the thing gets a 403 (see ``Decision``).
"""

from __future__ import annotations

from enum import Enum

from reportsvc.models import Conference, Invitation, User


class Decision(Enum):
    ALLOW = 200
    FORBIDDEN = 403  # the role may never do this
    NOT_FOUND = 404  # the record is outside what this user may know of


def read_report(user: User, invitation: Invitation) -> Decision:
    if user.role == "author":
        return _own_agency(user, invitation)
    if user.role == "chair":
        return read_conference(user, invitation.conference)
    if user.role == "qa_lead":
        return Decision.ALLOW
    return Decision.FORBIDDEN


def write_report(user: User, invitation: Invitation) -> Decision:
    if user.role == "author":
        decision = _own_agency(user, invitation)
        if decision is Decision.ALLOW and closed(invitation):
            return Decision.FORBIDDEN  # withdrawn or cancelled: readable, no longer written
        return decision
    if user.role == "chair" and read_conference(user, invitation.conference) is Decision.NOT_FOUND:
        return Decision.NOT_FOUND
    return Decision.FORBIDDEN


def closed(invitation: Invitation) -> bool:
    """An invitation withdrawn, or for a cancelled conference: what was written stays."""
    return invitation.withdrawn or invitation.conference.cancelled


def read_conference(user: User, conference: Conference) -> Decision:
    if user.role == "qa_lead":
        return Decision.ALLOW
    if user.role == "chair":
        return Decision.ALLOW if conference.chair_id == user.id else Decision.NOT_FOUND
    if user.role == "author":
        invited = any(inv.agency_id == user.agency_id for inv in conference.invitations)
        return Decision.FORBIDDEN if invited else Decision.NOT_FOUND
    return Decision.FORBIDDEN


def review_conference(user: User, conference: Conference) -> Decision:
    """Chair actions on a conference: attendance, dissent. QA leads read but never record."""
    if user.role in ("chair", "author"):
        return read_conference(user, conference)  # never allows an author; 404 or 403
    return Decision.FORBIDDEN


def review_report(user: User, invitation: Invitation) -> Decision:
    """Chair actions on a report: return with a challenge, override a grade, chase."""
    if user.role == "chair":
        return read_conference(user, invitation.conference)
    if user.role == "author":
        own = _own_agency(user, invitation)
        return Decision.FORBIDDEN if own is Decision.ALLOW else own
    return Decision.FORBIDDEN


def _own_agency(user: User, invitation: Invitation) -> Decision:
    return Decision.ALLOW if invitation.agency_id == user.agency_id else Decision.NOT_FOUND

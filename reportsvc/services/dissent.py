"""Professional dissent or an alternative view, and the written response to it.

Seeds/003: the head of service responds in writing within 28 days. These are calendar days
(the seed says days, not working days), so no working-day arithmetic is involved.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from reportsvc.models import Conference, Dissent, User

RESPONSE_DAYS = 28


class AlreadyAnswered(Exception):
    pass


def response_due(recorded_on: date) -> date:
    return recorded_on + timedelta(days=RESPONSE_DAYS)


def record(
    session: Session,
    conference: Conference,
    *,
    by: User,
    person: str,
    agency_id: int | None,
    agency_name: str,
    what: str,
    decision: str,
    on: date,
) -> Dissent:
    """Record a dissent raised at ``conference`` on ``on``. Caller commits."""
    if not person.strip() or not what.strip():
        raise ValueError("a dissent needs who raised it and what it is")
    row = Dissent(
        conference_id=conference.id,
        recorded_by_id=by.id,
        person=person.strip(),
        agency_id=agency_id,
        agency_name=agency_name.strip(),
        what=what.strip(),
        chair_decision=decision.strip(),
        recorded_on=on,
        response_due=response_due(on),
    )
    session.add(row)
    session.flush()
    return row


def respond(session: Session, dissent: Dissent, *, response: str, on: date) -> None:
    """Record the written response; the deadline stops showing. Caller commits."""
    if dissent.responded_on is not None:
        raise AlreadyAnswered()
    if not response.strip():
        raise ValueError("enter the response")
    dissent.response = response.strip()
    dissent.responded_on = on

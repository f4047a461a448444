"""Who is attending a conference: one Attendance row per change, the latest one counts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reportsvc.models import ATTENDANCE, Attendance, Conference, utcnow
from reportsvc.queries.quoracy import SOCIAL_CARE


def record(
    session: Session,
    conference: Conference,
    statuses: dict[int | str, str],
    current: dict[int | str, str],
) -> int:
    """Add a row for each agency (or SOCIAL_CARE) whose status changed; returns how many.

    ``current`` is what ``quoracy.attendance()`` read; an empty status means not recorded.
    Caller commits.
    """
    changed = 0
    now = utcnow()
    for key, status in statuses.items():
        if not status or status == current.get(key):
            continue
        if status not in ATTENDANCE:
            raise ValueError(f"unknown attendance status {status!r}")
        session.add(
            Attendance(
                conference_id=conference.id,
                agency_id=None if key == SOCIAL_CARE else int(key),
                is_social_care=key == SOCIAL_CARE,
                status=status,
                recorded_at=now,
            )
        )
        changed += 1
    return changed

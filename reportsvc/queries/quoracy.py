"""Is the conference quorate? Children's social care and at least two other agencies,
each counted when it has sent a report or is recorded as attending (Attendance)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import Agency, Attendance
from reportsvc.queries.review import AgencyRow

PRESENT = frozenset({"attending", "attended"})
OTHER_AGENCIES_NEEDED = 2
SOCIAL_CARE = "social_care"  # the attendance key for children's social care


@dataclass(frozen=True)
class Quoracy:
    quorate: bool
    social_care: bool
    agencies: list[str]  # the other agencies that count, by name
    reason: str  # why not, or what makes it quorate


def attendance(session: Session, conference_id: int) -> dict[int | str, str]:
    """Latest status per agency id (or SOCIAL_CARE) recorded for the conference."""
    rows = session.scalars(
        select(Attendance)
        .where(Attendance.conference_id == conference_id)
        .order_by(Attendance.recorded_at, Attendance.id)
    ).all()
    latest: dict[int | str, str] = {}
    for row in rows:
        key: int | str = SOCIAL_CARE if row.is_social_care else (row.agency_id or SOCIAL_CARE)
        latest[key] = row.status
    return latest


def quoracy(session: Session, rows: list[AgencyRow], attending: dict[int | str, str]) -> Quoracy:
    social_care = attending.get(SOCIAL_CARE) in PRESENT
    names = {row.invitation.agency_id: row.agency_name for row in rows}
    counted = {row.invitation.agency_id for row in rows if row.submission is not None}
    counted |= {k for k, status in attending.items() if isinstance(k, int) and status in PRESENT}
    missing_names = [k for k in counted if k not in names]
    if missing_names:
        found = session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(missing_names)))
        names |= {agency_id: name for agency_id, name in found}
    agencies = sorted(names[k] for k in counted)
    problems = []
    if not social_care:
        problems.append("children's social care is not recorded as attending")
    if len(agencies) < OTHER_AGENCIES_NEEDED:
        who = f"only {agencies[0]}" if agencies else "no other agency"
        problems.append(
            f"{who} has sent a report or is attending, and at least "
            f"{OTHER_AGENCIES_NEEDED} other agencies are needed"
        )
    if problems:
        reason = "Not quorate: " + "; and ".join(problems) + "."
    else:
        reason = f"Quorate: children's social care and {', '.join(agencies)}."
    return Quoracy(not problems, social_care, agencies, reason)

"""A chair's grade beside the engine's: a new GradeOverride row each time, never an edit of
the stored assessment, so both grades (and every earlier override) stay on record."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reportsvc.models import GradeOverride, ReportVersion, User, utcnow
from scoring.assessment import GRADES


def override_grade(
    session: Session, version: ReportVersion, *, chair: User, grade: str, reason: str
) -> GradeOverride:
    """Record ``grade`` for ``version`` with the chair's ``reason``. Caller commits."""
    if grade not in GRADES:
        raise ValueError(f"grade must be one of {GRADES}")
    if not reason.strip():
        raise ValueError("an override needs a reason")
    row = GradeOverride(
        report_version_id=version.id,
        chair_id=chair.id,
        grade=grade,
        reason=reason.strip(),
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row

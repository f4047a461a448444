"""Returns and chases as the report's own agency sees them (author pages include these).

Callers show them only after the access check of the report (``policy.read_report``) or
for the signed-in author's own agency (``open_for_agency(session, current_user.agency_id)``),
so a return or chase reaches only the report's own agency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from reportsvc.models import Chase, Invitation, Report, ReportReturn, ReportVersion


@dataclass(frozen=True)
class ReturnRound:
    id: int
    report_id: int
    at: datetime
    chair: str
    comment: str
    returned_version: int
    resubmitted_version: int | None  # the first submission after the return, if any


@dataclass(frozen=True)
class ChaseNote:
    id: int
    report_id: int
    at: datetime
    chair: str
    note: str


@dataclass
class OpenChallenges:
    returns: list[ReturnRound] = field(default_factory=list)
    chases: list[ChaseNote] = field(default_factory=list)


def for_report(session: Session, report_id: int) -> tuple[list[ReturnRound], list[ChaseNote]]:
    """Every return (oldest first, with its resubmission) and chase of one report."""
    report = session.get(Report, report_id)
    if report is None:
        return [], []
    submits = list(
        session.scalars(
            select(ReportVersion.number)
            .where(ReportVersion.report_id == report_id, ReportVersion.kind == "submit")
            .order_by(ReportVersion.number)
        )
    )
    returns = session.scalars(
        select(ReportReturn)
        .where(ReportReturn.report_id == report_id)
        .options(joinedload(ReportReturn.chair))
        .order_by(ReportReturn.id)
    ).all()
    chases = session.scalars(
        select(Chase)
        .where(Chase.invitation_id == report.invitation_id)
        .options(joinedload(Chase.chair))
        .order_by(Chase.id)
    ).all()
    return [_round(r, submits) for r in returns], [_note(c, report_id) for c in chases]


def open_for_agency(session: Session, agency_id: int) -> dict[int, OpenChallenges]:
    """Challenges the agency still has to act on, by report id.

    A return is open while the report is "returned"; a chase while the report has not been
    submitted since the chase.
    """
    found: dict[int, OpenChallenges] = {}
    returns = session.scalars(
        select(ReportReturn)
        .join(Report, Report.id == ReportReturn.report_id)
        .join(Invitation, Invitation.id == Report.invitation_id)
        .where(Invitation.agency_id == agency_id, Report.status == "returned")
        .options(joinedload(ReportReturn.chair))
        .order_by(ReportReturn.id)
    ).all()
    for ret in returns:
        # Only the latest return of a report is open; earlier rounds were resubmitted.
        found.setdefault(ret.report_id, OpenChallenges()).returns[:] = [_round(ret, [])]
    chases = session.execute(
        select(Chase, Report)
        .join(Invitation, Invitation.id == Chase.invitation_id)
        .join(Report, Report.invitation_id == Invitation.id)
        .where(Invitation.agency_id == agency_id, Report.status != "submitted")
        .options(joinedload(Chase.chair))
        .order_by(Chase.id)
    ).all()
    for chase, report in chases:
        if report.submitted_at is None or chase.created_at > report.submitted_at:
            found.setdefault(report.id, OpenChallenges()).chases.append(_note(chase, report.id))
    return found


def _round(ret: ReportReturn, submits: list[int]) -> ReturnRound:
    resubmitted = ret.resubmitted_version or next(
        (n for n in submits if n > ret.returned_version), None
    )
    return ReturnRound(
        ret.id,
        ret.report_id,
        ret.created_at,
        ret.chair.name,
        ret.comment,
        ret.returned_version,
        resubmitted,
    )


def _note(chase: Chase, report_id: int) -> ChaseNote:
    return ChaseNote(chase.id, report_id, chase.created_at, chase.chair.name, chase.note)

"""Small read helpers shared by several pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from reportsvc.models import Assessment, Report, ReportVersion
from scoring.calendar import Timescales, working_days_between


def latest_version(report: Report) -> ReportVersion | None:
    """The report's newest version, read on its own: ``report.versions`` would load every
    autosave with its document, and a report written over a week has hundreds."""
    session = object_session(report)
    assert session is not None, "the report must belong to a session"
    return session.scalars(
        select(ReportVersion)
        .where(ReportVersion.report_id == report.id)
        .order_by(ReportVersion.number.desc())
        .limit(1)
    ).first()


def latest_assessments(session: Session, report_ids: list[int]) -> dict[int, Assessment]:
    """The newest stored assessment of each report's newest version."""
    if not report_ids:
        return {}
    newest_version = (
        select(ReportVersion.report_id, func.max(ReportVersion.number).label("number"))
        .where(ReportVersion.report_id.in_(report_ids))
        .group_by(ReportVersion.report_id)
        .subquery()
    )
    rows = session.execute(
        select(ReportVersion.report_id, Assessment)
        .join(
            newest_version,
            (ReportVersion.report_id == newest_version.c.report_id)
            & (ReportVersion.number == newest_version.c.number),
        )
        .join(Assessment, Assessment.report_version_id == ReportVersion.id)
        .order_by(Assessment.id)
    ).all()
    return {report_id: assessment for report_id, assessment in rows}


def deadline_text(due: date, today: date, timescales: Timescales) -> str:
    """'due Monday 9 March, 3 working days left' or 'was due ..., 2 working days late'."""
    label = f"{due.strftime('%A')} {due.day} {due.strftime('%B')}"
    left = working_days_between(today, due, timescales.region)
    if due == today:
        return f"due today, {label}"
    if due > today:
        days = "working day" if left == 1 else "working days"
        return f"due {label}, {left} {days} left"
    late = -left
    days = "working day" if late == 1 else "working days"
    return f"was due {label}, {late} {days} late"

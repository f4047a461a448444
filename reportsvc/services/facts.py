"""Keep ``report_facts`` in step with the stored reports and assessments.

A report's facts come from its latest submitted version and that version's latest stored
assessment (by id, so a rescore under new rules replaces what the dashboards count), plus
the invitation's due date. ``reports.save()`` calls :func:`refresh` after every save that
can change them (a submit, a reopen, a status change, a report's first save); the
rescore command and the bench generator call :func:`refresh_reports` for many at once.
Nothing here runs the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from reportsvc.models import (
    Assessment,
    Conference,
    CriterionResult,
    Invitation,
    Report,
    ReportVersion,
    utcnow,
)
from reportsvc.models.qa import ReportFacts

LONDON = ZoneInfo("Europe/London")
BATCH = 500

# facts column -> rubric criterion id (scoring/rubric.yaml)
CRITERIA = {
    "shared": "shared-with-family",
    "voice": "voice-of-child",
    "identity": "identity-reflection",
    "threshold": "threshold-rationale",
    "smart": "smart-actions",
    "father": "father-addressed",
    "previous_actions": "previous-actions",
}


def due_by(due_date: date) -> datetime:
    """The first instant after the due date in London, as UTC."""
    return datetime.combine(due_date + timedelta(days=1), time(0), LONDON).astimezone(UTC)


def compute(
    document: Mapping[str, Any] | None,
    met: Mapping[str, bool],
    *,
    conference_type: str,
    due_date: date,
) -> dict[str, Any]:
    """The facts columns for one submitted version (``document`` None: nothing submitted)."""
    values: dict[str, Any] = {column: False for column in CRITERIA}
    values["previous_actions"] = None
    values["alternative_views"] = False
    values["shared_in_time"] = False
    values["due_by"] = due_by(due_date)
    if document is None:
        return values
    for column, criterion in CRITERIA.items():
        values[column] = bool(met.get(criterion, False))
    if conference_type != "RCPC":
        values["previous_actions"] = None
    shared_on = _date((document.get("shared_with_family") or {}).get("date"))
    values["shared_in_time"] = bool(
        values["shared"] and shared_on is not None and shared_on <= due_date
    )
    sections = document.get("sections") or {}
    values["alternative_views"] = bool(str(sections.get("alternative_views") or "").strip())
    return values


def exists(session: Session, report_id: int) -> bool:
    return session.get(ReportFacts, report_id) is not None


def refresh(session: Session, report: Report) -> None:
    """Recompute one report's facts (called at the end of ``reports.save``)."""
    refresh_reports(session, [report.id])


def refresh_reports(session: Session, report_ids: Iterable[int]) -> int:
    """Recompute the facts of many reports with a handful of queries per batch."""
    ids = sorted(set(report_ids))
    for start in range(0, len(ids), BATCH):
        _refresh_batch(session, ids[start : start + BATCH])
    return len(ids)


def refresh_all(session: Session) -> int:
    return refresh_reports(session, session.scalars(select(Report.id)))


def _refresh_batch(session: Session, ids: Sequence[int]) -> None:
    session.flush()
    reports = session.execute(
        select(Report.id, Report.status, Invitation.due_date, Conference.type)
        .join(Invitation, Invitation.id == Report.invitation_id)
        .join(Conference, Conference.id == Invitation.conference_id)
        .where(Report.id.in_(ids))
    ).all()
    status = {r.id: r.status for r in reports}
    versions = session.execute(
        select(ReportVersion.id, ReportVersion.report_id, ReportVersion.kind)
        .where(ReportVersion.report_id.in_(ids))
        .order_by(ReportVersion.report_id, ReportVersion.number)
    ).all()
    chosen: dict[int, int] = {}  # report id -> its latest submitted version id
    latest: dict[int, int] = {}
    for v in versions:
        latest[v.report_id] = v.id
        if v.kind == "submit":
            chosen[v.report_id] = v.id
    for report_id, newest in latest.items():
        # A submitted report cannot be edited, so its newest version is the one submitted.
        if status.get(report_id) == "submitted":
            chosen[report_id] = newest
    version_ids = list(chosen.values())
    documents: dict[int, dict[str, Any]] = dict(
        session.execute(
            select(ReportVersion.id, ReportVersion.document).where(
                ReportVersion.id.in_(version_ids)
            )
        ).all()
    )
    assessment_ids: dict[int, int] = dict(
        session.execute(
            select(Assessment.report_version_id, func.max(Assessment.id))
            .where(Assessment.report_version_id.in_(version_ids))
            .group_by(Assessment.report_version_id)
        ).all()
    )
    assessments = {
        a.id: a
        for a in session.execute(
            select(
                Assessment.id, Assessment.grade, Assessment.score, Assessment.ruleset_version
            ).where(Assessment.id.in_(list(assessment_ids.values())))
        ).all()
    }
    met: dict[int, dict[str, bool]] = {}
    for row in session.execute(
        select(CriterionResult.assessment_id, CriterionResult.criterion, CriterionResult.met).where(
            CriterionResult.assessment_id.in_(list(assessments))
        )
    ):
        met.setdefault(row.assessment_id, {})[row.criterion] = bool(row.met)
    now = utcnow()
    rows = []
    for r in reports:
        version_id = chosen.get(r.id)
        assessment = None
        document = None
        if version_id is not None:
            assessment = assessments.get(assessment_ids.get(version_id, -1))
            document = documents.get(version_id)
        values = compute(
            document,
            met.get(assessment.id, {}) if assessment else {},
            conference_type=r.type,
            due_date=r.due_date,
        )
        rows.append(
            {
                "report_id": r.id,
                "version_id": version_id,
                "assessment_id": assessment.id if assessment else None,
                "ruleset_version": assessment.ruleset_version if assessment else "",
                "grade": assessment.grade if assessment else None,
                "score": assessment.score if assessment else None,
                "refreshed_at": now,
                **values,
            }
        )
    session.execute(delete(ReportFacts).where(ReportFacts.report_id.in_(ids)))
    if rows:
        session.execute(insert(ReportFacts), rows)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None

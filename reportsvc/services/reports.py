"""Saving reports: every save is a new immutable version, guarded by an optimistic lock.

``save()`` bumps ``reports.version`` with ``UPDATE ... WHERE version = expected``: of two
saves from the same starting version exactly one wins and the other gets ``StaleVersion``,
on SQLite and on PostgreSQL alike, so no save silently overwrites another.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

import scoring
from reportsvc.models import (
    Assessment,
    CriterionResult,
    Finding,
    Report,
    ReportVersion,
    User,
    utcnow,
)
from reportsvc.services import facts, settings

# A draft version changes neither the report's status nor its submitted version, so the QA
# facts (which count submitted reports) stay as they are: autosaves skip the refresh.
DRAFT_KINDS = frozenset({"save", "autosave", "import"})


class StaleVersion(Exception):
    """The report changed since the caller read it."""

    def __init__(self, current: int) -> None:
        super().__init__(f"report is now at version {current}")
        self.current = current


class NotEditable(Exception):
    """The report is submitted; only a chair's return reopens it."""


def save(
    session: Session,
    report: Report,
    document: dict[str, Any],
    *,
    expected_version: int,
    user: User,
    kind: str = "save",
    status: str | None = None,
    timescales: scoring.Timescales | None = None,
    assessment: scoring.Assessment | None = None,
) -> ReportVersion:
    """Store ``document`` as the next version and its assessment (``assessment`` if the
    caller has already assessed ``document``, so the engine can run before the write
    transaction starts). Caller commits."""
    if kind != "submit" and report.status == "submitted":
        raise NotEditable()
    if assessment is None:
        if timescales is None:
            timescales = settings.timescales(session)
        assessment = scoring.assess(document, timescales=timescales)
    now = utcnow()
    values: dict[str, Any] = {"version": expected_version + 1, "updated_at": now}
    if status is not None:
        values["status"] = status
    if status == "submitted":
        values["submitted_at"] = now
    result = session.execute(
        update(Report)
        .where(Report.id == report.id, Report.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        session.refresh(report)
        raise StaleVersion(report.version)
    session.refresh(report)
    version = ReportVersion(
        report_id=report.id,
        number=expected_version + 1,
        kind=kind,
        document=document,
        created_by_id=user.id,
        created_at=now,
    )
    session.add(version)
    session.flush()
    store_assessment(session, version, assessment)
    if status is not None or kind not in DRAFT_KINDS or not facts.exists(session, report.id):
        facts.refresh(session, report)
    return version


def store_assessment(
    session: Session, version: ReportVersion, assessment: scoring.Assessment
) -> Assessment:
    row = Assessment(
        version=version,
        ruleset_version=assessment.ruleset_version,
        grade=assessment.grade,
        score=assessment.score,
    )
    session.add(row)
    for criterion in assessment.criteria:
        row.criteria.append(
            CriterionResult(
                criterion=criterion.id,
                met=criterion.met,
                weight=criterion.weight,
                explanation=criterion.explanation,
            )
        )
    for finding in assessment.findings:
        row.findings.append(
            Finding(
                check=finding.check,
                section=finding.section,
                child=getattr(finding, "child", None),
                start=finding.start,
                end=finding.end,
                text=finding.text or "",
                severity=finding.severity,
                message=finding.message,
                suggestion=finding.suggestion,
            )
        )
    return row

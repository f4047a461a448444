"""A chair returns a submitted report to its agency with a challenge.

The return reopens the report as a new version (kind "reopen": the same document and a copy
of its stored assessment, so nothing is recomputed and the author's page keeps its grade),
sets the status to "returned" so the author can edit again, and records the comment. The
status change is one ``UPDATE ... WHERE version = expected AND status = 'submitted'``, like
``reports.save()``: a return and a concurrent resubmission cannot both win. A "return" mail
to the author is queued in the same transaction; it says a comment exists, never its text.
"""

from __future__ import annotations

import copy

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reportsvc.mail import messages
from reportsvc.models import (
    Assessment,
    CriterionResult,
    Finding,
    Report,
    ReportReturn,
    ReportVersion,
    User,
    utcnow,
)
from reportsvc.services import facts, outbox
from reportsvc.services.reports import StaleVersion

MAX_COMMENT = 5000


class NotReturnable(Exception):
    """Only a submitted report can be returned."""


def return_report(
    session: Session, report: Report, *, chair: User, comment: str, expected_version: int
) -> ReportReturn:
    """Reopen ``report`` with the chair's ``comment``. Caller commits."""
    comment = comment.strip()
    if not comment:
        raise ValueError("a return needs a comment")
    if report.status != "submitted":
        raise NotReturnable()
    now = utcnow()
    result = session.execute(
        update(Report)
        .where(
            Report.id == report.id,
            Report.version == expected_version,
            Report.status == "submitted",
        )
        .values(status="returned", version=expected_version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        session.refresh(report)
        raise StaleVersion(report.version)
    session.refresh(report)
    source = session.scalars(
        select(ReportVersion).where(
            ReportVersion.report_id == report.id, ReportVersion.number == expected_version
        )
    ).one()
    reopened = ReportVersion(
        report_id=report.id,
        number=expected_version + 1,
        kind="reopen",
        document=copy.deepcopy(source.document),
        created_by_id=chair.id,
        created_at=now,
    )
    session.add(reopened)
    for assessment in source.assessments:
        session.add(_copy(assessment, reopened))
    returned = ReportReturn(
        report_id=report.id,
        chair_id=chair.id,
        comment=comment,
        returned_version=expected_version,
        created_at=now,
    )
    session.add(returned)
    session.flush()
    facts.refresh(session, report)  # the QA dashboards count by status
    invitation = report.invitation
    values = messages.invitation_values(invitation)
    for user in messages.recipients(session, invitation):
        outbox.queue(session, to=user.email, template="return", values=values)
    return returned


def _copy(source: Assessment, version: ReportVersion) -> Assessment:
    return Assessment(
        version=version,
        ruleset_version=source.ruleset_version,
        grade=source.grade,
        score=source.score,
        criteria=[
            CriterionResult(
                criterion=c.criterion, met=c.met, weight=c.weight, explanation=c.explanation
            )
            for c in source.criteria
        ],
        findings=[
            Finding(
                check=f.check,
                section=f.section,
                child=f.child,
                start=f.start,
                end=f.end,
                text=f.text,
                severity=f.severity,
                message=f.message,
                suggestion=f.suggestion,
            )
            for f in source.findings
        ],
    )

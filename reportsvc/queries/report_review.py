"""What the chair's report review page shows: the submitted text by section with its
stored findings, the criteria, the grades (engine and chair) and the history of rounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

import forms
from reportsvc import chronology
from reportsvc.models import CriterionResult, Finding, GradeOverride, Report, ReportVersion
from reportsvc.queries.challenges import ChaseNote, ReturnRound, for_report
from reportsvc.queries.coverage import RCPC_ONLY
from reportsvc.queries.review import Submission, submissions


@dataclass(frozen=True)
class SectionText:
    key: str
    title: str
    text: str
    findings: list[Finding]  # span findings of this section, for the highlight macro
    anchors: list[int] = field(default_factory=list)  # sentence starts, linked from the chronology


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    what: str  # submitted | resubmitted | returned | chased | override
    version: int | None = None
    by: str = ""
    detail: str = ""  # the chair's comment, note or reason (never report text)
    grade: str | None = None


@dataclass
class ReportReview:
    report: Report
    submission: Submission | None
    sections: list[SectionText] = field(default_factory=list)
    report_findings: list[Finding] = field(default_factory=list)  # no place in the text
    criteria_met: list[CriterionResult] = field(default_factory=list)
    criteria_not_met: list[CriterionResult] = field(default_factory=list)
    overrides: list[GradeOverride] = field(default_factory=list)
    returns: list[ReturnRound] = field(default_factory=list)
    chases: list[ChaseNote] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)


def sections_of(document: dict[str, Any], findings: list[Finding]) -> list[SectionText]:
    """The document's non-blank sections in its template's order, with their titles."""
    texts = document.get("sections") or {}
    try:
        template = forms.load_template(document["agency"]["type"], document["conference"]["type"])
        titles = [(s.key, s.title) for s in template.sections]
    except (forms.UnknownTemplate, KeyError):
        titles = []
    known = {key for key, _ in titles}
    titles += [(k, k.replace("_", " ").capitalize()) for k in forms.SECTION_KEYS if k not in known]
    return [
        SectionText(
            key,
            title,
            texts[key],
            [f for f in findings if f.section == key and f.start is not None],
            [sentence.start for sentence in chronology.sentences(texts[key])],
        )
        for key, title in titles
        if texts.get(key)
    ]


def load(session: Session, report: Report) -> ReportReview:
    submission = submissions(session, [report.id]).get(report.id)
    review = ReportReview(report, submission)
    review.returns, review.chases = for_report(session, report.id)
    if submission is not None:
        assessment = submission.assessment
        findings = list(assessment.findings) if assessment else []
        review.sections = sections_of(submission.version.document, findings)
        placed = {id(f) for s in review.sections for f in s.findings}
        review.report_findings = [f for f in findings if id(f) not in placed]
        criteria = [
            c
            for c in (assessment.criteria if assessment else [])
            if report.invitation.conference.type == "RCPC" or c.criterion not in RCPC_ONLY
        ]
        review.criteria_met = [c for c in criteria if c.met]
        review.criteria_not_met = [c for c in criteria if not c.met]
        review.overrides = list(
            session.scalars(
                select(GradeOverride)
                .where(GradeOverride.report_version_id == submission.version.id)
                .options(joinedload(GradeOverride.chair))
                .order_by(GradeOverride.id)
            )
        )
    review.history = history(session, report, review)
    return review


def history(session: Session, report: Report, review: ReportReview) -> list[HistoryItem]:
    """Each round: submissions, returns with the comment, chases, grade overrides."""
    versions = session.scalars(
        select(ReportVersion)
        .where(ReportVersion.report_id == report.id, ReportVersion.kind == "submit")
        .options(joinedload(ReportVersion.created_by))
        .order_by(ReportVersion.number)
    ).all()
    items = [
        HistoryItem(v.created_at, "resubmitted" if i else "submitted", v.number, v.created_by.name)
        for i, v in enumerate(versions)
    ]
    items += [
        HistoryItem(r.at, "returned", r.returned_version, r.chair, r.comment)
        for r in review.returns
    ]
    items += [HistoryItem(c.at, "chased", None, c.chair, c.note) for c in review.chases]
    items += [
        HistoryItem(o.created_at, "override", None, o.chair.name, o.reason, o.grade)
        for o in review.overrides
    ]
    return sorted(items, key=lambda item: item.at)

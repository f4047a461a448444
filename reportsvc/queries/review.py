"""What a chair's pages show: their conferences, who has reported, how well, and when.

Everything here reads stored assessments; nothing runs the engine. A report's *submission*
is its newest version of kind "submit": a chair reviews what was sent, not the author's
drafts, so a returned report keeps showing the round that was returned until the author
resubmits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from reportsvc import chronology
from reportsvc.models import (
    Assessment,
    Conference,
    ConferenceChild,
    Finding,
    GradeOverride,
    Invitation,
    Report,
    ReportVersion,
)
from scoring.calendar import Timescales, working_days_between

LONDON = ZoneInfo("Europe/London")
RECENT_DAYS = 90
TOP_FINDINGS = 3
# The core criteria of the rubric, most serious first: the findings a chair reads first.
CORE_CHECKS = (
    "threshold-rationale",
    "voice-of-child",
    "father-absent",
    "smart-actions",
    "previous-actions",
    "identity-reflection",
    "shared-with-family",
    "step-down-evidence",
)
SEVERITY_ORDER = {"error": 0, "warning": 1, "advice": 2, "info": 3}


@dataclass(frozen=True)
class Submission:
    """The version a chair reviews, its stored assessment and the chair's latest override."""

    version: ReportVersion
    assessment: Assessment | None
    override: GradeOverride | None

    @property
    def grade(self) -> str | None:
        return self.assessment.grade if self.assessment else None


@dataclass(frozen=True)
class AgencyRow:
    invitation: Invitation
    report: Report
    submission: Submission | None
    submitted_on: date | None
    days_late: int  # working days after the due date (0 when in time or not yet due)
    state: str  # in_time | late | returned | overdue | awaiting
    top_findings: list[Finding] = field(default_factory=list)

    @property
    def agency_name(self) -> str:
        return self.invitation.agency.name

    @property
    def missing(self) -> bool:
        return self.state == "overdue"


@dataclass(frozen=True)
class KeyGap:
    agency_type: str
    reason: str  # "not invited" or "report not in"


@dataclass(frozen=True)
class ConferenceRow:
    conference: Conference
    agencies: list[AgencyRow]
    key_gaps: list[KeyGap]

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.agencies if row.submission is not None)

    @property
    def late(self) -> int:
        return sum(1 for row in self.agencies if row.submission is not None and row.days_late)

    @property
    def missing(self) -> int:
        return sum(1 for row in self.agencies if row.missing)

    @property
    def grades(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.agencies:
            if row.submission and row.submission.grade:
                counts[row.submission.grade] = counts.get(row.submission.grade, 0) + 1
        return counts


def key_agency_types(conference: Conference) -> dict[str, str]:
    """The agencies a conference should hear from, with why (docs/chair-review.md).

    A GP always; a school for a child of 4 to 16; a health visitor for a child under 5;
    the police at an initial conference (Working Together expects them at every ICPC).
    For a family, each child's age counts; for an unborn baby, a midwife.
    """
    ages = [
        _age(child.date_of_birth, conference.date)
        for child in conference.children
        if child.date_of_birth is not None
    ]
    key = {"gp": "every child has a GP"}
    if any(4 <= age <= 16 for age in ages):
        key["school"] = (
            "a child is of school age" if len(ages) > 1 else "the child is of school age"
        )
    if any(age < 5 for age in ages):
        key["health_visitor"] = "a child is under 5" if len(ages) > 1 else "the child is under 5"
    if any(child.unborn for child in conference.children):
        key["midwife"] = "the baby is not yet born"
    if conference.type == "ICPC":
        key["police"] = "police attend every initial conference"
    return key


def conferences_for_chair(
    session: Session, chair_id: int, today: date, timescales: Timescales
) -> tuple[list[ConferenceRow], list[ConferenceRow]]:
    """(upcoming, soonest first; recent, within RECENT_DAYS, latest first)."""
    conferences = session.scalars(
        select(Conference)
        .where(Conference.chair_id == chair_id)
        .where(Conference.date >= today - timedelta(days=RECENT_DAYS))
        .options(
            selectinload(Conference.invitations).selectinload(Invitation.report),
            selectinload(Conference.invitations).selectinload(Invitation.agency),
            selectinload(Conference.child_links).joinedload(ConferenceChild.child),
        )
        .order_by(Conference.date, Conference.id)
    ).all()
    report_ids = [inv.report.id for c in conferences for inv in c.invitations if inv.report]
    found = submissions(session, report_ids, with_findings=False)
    rows = [conference_row(c, found, today, timescales, top=0) for c in conferences]
    upcoming = [r for r in rows if r.conference.date >= today]
    recent = [r for r in reversed(rows) if r.conference.date < today]
    return upcoming, recent


def conference_row(
    conference: Conference,
    found: dict[int, Submission],
    today: date,
    timescales: Timescales,
    *,
    top: int = TOP_FINDINGS,
) -> ConferenceRow:
    agencies = [
        agency_row(inv, found.get(inv.report.id), today, timescales, top=top)
        for inv in conference.invitations
        if inv.report is not None
    ]
    return ConferenceRow(conference, agencies, key_gaps(conference, agencies, today))


def agency_row(
    invitation: Invitation,
    submission: Submission | None,
    today: date,
    timescales: Timescales,
    *,
    top: int = TOP_FINDINGS,
) -> AgencyRow:
    report = invitation.report
    assert report is not None
    due = invitation.due_date
    submitted_on = (
        report.submitted_at.astimezone(LONDON).date()
        if submission is not None and report.submitted_at is not None
        else None
    )
    if submitted_on is not None:
        days_late = max(0, working_days_between(due, submitted_on, timescales.region))
        state = "returned" if report.status == "returned" else "late" if days_late else "in_time"
    elif due < today:
        days_late = working_days_between(due, today, timescales.region)
        state = "overdue"
    else:
        days_late, state = 0, "awaiting"
    return AgencyRow(
        invitation, report, submission, submitted_on, days_late, state,
        top_findings(submission, top),
    )  # fmt: skip


def key_gaps(conference: Conference, rows: list[AgencyRow], today: date) -> list[KeyGap]:
    by_type = {row.invitation.agency.type: row for row in rows}
    gaps = []
    for agency_type in key_agency_types(conference):
        row = by_type.get(agency_type)
        if row is None:
            gaps.append(KeyGap(agency_type, "not invited"))
        elif row.missing:
            gaps.append(KeyGap(agency_type, "report not in"))
    return gaps


def submissions(
    session: Session, report_ids: list[int], *, with_findings: bool = True
) -> dict[int, Submission]:
    """Each report's newest submitted version, its newest assessment and latest override."""
    if not report_ids:
        return {}
    newest = (
        select(ReportVersion.report_id, func.max(ReportVersion.number).label("number"))
        .where(ReportVersion.report_id.in_(report_ids), ReportVersion.kind == "submit")
        .group_by(ReportVersion.report_id)
        .subquery()
    )
    loads = selectinload(ReportVersion.assessments)
    options = [loads.selectinload(Assessment.criteria)]
    if with_findings:
        options.append(loads.selectinload(Assessment.findings))
    versions = session.scalars(
        select(ReportVersion)
        .join(
            newest,
            (ReportVersion.report_id == newest.c.report_id)
            & (ReportVersion.number == newest.c.number),
        )
        .options(*options)
    ).all()
    overrides = latest_overrides(session, [v.id for v in versions])
    return {
        v.report_id: Submission(
            v, v.assessments[-1] if v.assessments else None, overrides.get(v.id)
        )
        for v in versions
    }


def latest_overrides(session: Session, version_ids: list[int]) -> dict[int, GradeOverride]:
    if not version_ids:
        return {}
    rows = session.scalars(
        select(GradeOverride)
        .where(GradeOverride.report_version_id.in_(version_ids))
        .order_by(GradeOverride.id)
    ).all()
    return {row.report_version_id: row for row in rows}


def top_findings(submission: Submission | None, limit: int = TOP_FINDINGS) -> list[Finding]:
    """Core gaps first (in CORE_CHECKS order), then the rest by severity."""
    if submission is None or submission.assessment is None or limit == 0:
        return []

    def rank(finding: Finding) -> tuple[int, int, int]:
        core = CORE_CHECKS.index(finding.check) if finding.check in CORE_CHECKS else 99
        return core, SEVERITY_ORDER.get(finding.severity, 9), finding.id

    top: list[Finding] = []
    for finding in sorted(submission.assessment.findings, key=rank):
        if all(f.check != finding.check for f in top):  # one line per kind of problem
            top.append(finding)
    return top[:limit]


def conference_chronology(conference: Conference, rows: list[AgencyRow]) -> list[chronology.Entry]:
    """Dated events from every submitted report, in date order."""
    reports = []
    for row in rows:
        if row.submission is None:
            continue
        document = row.submission.version.document
        anchor = _iso(document.get("submitted_on")) or conference.date
        reports.append((row.agency_name, row.report.id, document.get("sections") or {}, anchor))
    return chronology.merge(reports)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _iso(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None

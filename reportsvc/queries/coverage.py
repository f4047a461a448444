"""The coverage matrix: which agency's report met which core criterion.

Read from the stored criterion results of each agency's submitted report. Each mark is a
word ("Yes", "No", "No report"), so the matrix reads without colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportsvc.models import Conference
from reportsvc.queries.review import AgencyRow

# Criterion ids of scoring/rubric.yaml (a test checks they exist), with the column heading.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("voice-of-child", "Voice of the child"),
    ("father-addressed", "Father or male carers addressed"),
    ("identity-reflection", "Identity and culture"),
    ("threshold-rationale", "Threshold view with rationale"),
    ("previous-actions", "Previous actions updated"),
    ("smart-actions", "SMART actions"),
    ("shared-with-family", "Shared with family"),
)
RCPC_ONLY = frozenset({"previous-actions"})
LABELS = {"met": "Yes", "not_met": "No", "no_report": "No report", "not_assessed": "Not assessed"}


@dataclass(frozen=True)
class Mark:
    state: str  # met | not_met | no_report | not_assessed

    @property
    def label(self) -> str:
        return LABELS[self.state]


@dataclass(frozen=True)
class CoverageRow:
    agency: str
    report_id: int
    marks: list[Mark]


@dataclass(frozen=True)
class Coverage:
    columns: list[tuple[str, str]]
    rows: list[CoverageRow]

    def met(self, column: int) -> int:
        return sum(1 for row in self.rows if row.marks[column].state == "met")

    @property
    def reports(self) -> int:
        return sum(1 for row in self.rows if row.marks and row.marks[0].state != "no_report")

    @property
    def gaps(self) -> list[str]:
        """Criteria no submitted report met ("no agency has spoken to the father")."""
        if not self.reports:
            return []
        return [label for i, (_, label) in enumerate(self.columns) if self.met(i) == 0]


def columns_for(conference: Conference) -> list[tuple[str, str]]:
    return [c for c in COLUMNS if conference.type == "RCPC" or c[0] not in RCPC_ONLY]


def coverage(conference: Conference, rows: list[AgencyRow]) -> Coverage:
    columns = columns_for(conference)
    out = []
    for row in rows:
        assessment = row.submission.assessment if row.submission else None
        if assessment is None:
            state = "no_report" if row.submission is None else "not_assessed"
            marks = [Mark(state) for _ in columns]
        else:
            met = {c.criterion: c.met for c in assessment.criteria}
            marks = [
                Mark("not_assessed" if cid not in met else "met" if met[cid] else "not_met")
                for cid, _ in columns
            ]
        out.append(CoverageRow(row.agency_name, row.report.id, marks))
    return Coverage(columns, out)


CHILD_CHECKS: tuple[tuple[str, str], ...] = (
    ("voice-of-child", "Voice"),
    ("identity-reflection", "Identity"),
)
CHILD_LABELS = {"met": "Yes", "not_met": "No", "not_written": "Not about this child"}


@dataclass(frozen=True)
class ChildMark:
    state: str  # met | not_met | not_written | no_report | not_assessed

    @property
    def label(self) -> str:
        return CHILD_LABELS.get(self.state) or LABELS[self.state]


@dataclass(frozen=True)
class ChildCoverageRow:
    agency: str
    report_id: int
    marks: list[ChildMark]  # per child, per check in CHILD_CHECKS order


@dataclass(frozen=True)
class ChildCoverage:
    """Per child of a family: which agency's report heard the child and reflected on their
    identity. Read from the findings stored with each submitted report, which name the child
    (``Finding.child``), and the children the report was written about."""

    children: list[tuple[str, str]]  # (key, name)
    checks: tuple[tuple[str, str], ...]
    rows: list[ChildCoverageRow]

    def met(self, child: int, check: int) -> int:
        i = child * len(self.checks) + check
        return sum(1 for row in self.rows if row.marks[i].state == "met")

    @property
    def unheard(self) -> list[str]:
        """Names of children no submitted report heard."""
        if not any(r.marks and r.marks[0].state != "no_report" for r in self.rows):
            return []
        return [name for n, (_, name) in enumerate(self.children) if self.met(n, 0) == 0]


def child_coverage(conference: Conference, rows: list[AgencyRow]) -> ChildCoverage:
    children = [(link.key, link.child.name) for link in conference.child_links]
    out = []
    for row in rows:
        submission = row.submission
        assessment = submission.assessment if submission else None
        marks = []
        if submission is None or assessment is None:
            state = "no_report" if submission is None else "not_assessed"
            marks = [ChildMark(state) for _ in children for _ in CHILD_CHECKS]
        else:
            written = _children_written(submission.version.document, children)
            flagged = {(f.check, f.child) for f in assessment.findings}
            for key, _ in children:
                for check, _ in CHILD_CHECKS:
                    if key not in written:
                        marks.append(ChildMark("not_written"))
                    elif (check, key) in flagged or (check, None) in flagged:
                        marks.append(ChildMark("not_met"))
                    else:
                        marks.append(ChildMark("met"))
        out.append(ChildCoverageRow(row.agency_name, row.report.id, marks))
    return ChildCoverage(children, CHILD_CHECKS, out)


def _children_written(document: dict[str, object], children: list[tuple[str, str]]) -> set[str]:
    listed = document.get("children")
    if isinstance(listed, list):
        keys = {c.get("key") for c in listed if isinstance(c, dict)}
        if keys == {"child"} and len(children) == 1:
            return {children[0][0]}
        return {k for k in keys if isinstance(k, str)}
    return {children[0][0]} if children else set()  # a version 1 report: the one child

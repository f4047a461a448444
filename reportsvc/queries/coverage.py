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

"""reportsvc scoring engine: a report document in, an assessment out (no Flask, no database)."""

from scoring.assessment import Assessment, CriterionResult, Finding
from scoring.calendar import Timescales
from scoring.document import DocumentError, Report, parse_report

__all__ = [
    "Assessment", "CriterionResult", "DocumentError", "Finding", "Report", "Timescales",
    "parse_report",
]

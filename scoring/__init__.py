"""reportsvc scoring engine: a report document in, an assessment out (no Flask, no database)."""

# First, before any module below imports spaCy: spaCy without its command line.
from scoring import spacy_import  # noqa: F401, I001

from scoring.assessment import Assessment, CriterionResult, Finding
from scoring.calendar import Timescales
from scoring.document import DocumentError, Report, parse_report
from scoring.engine import assess
from scoring.resources import ruleset_version
from scoring.rubric import Rubric
from scoring.text_table import format_assessment

RULESET_VERSION = ruleset_version()

__all__ = [
    "RULESET_VERSION",
    "Assessment",
    "CriterionResult",
    "DocumentError",
    "Finding",
    "Report",
    "Rubric",
    "Timescales",
    "assess",
    "format_assessment",
    "parse_report",
]

"""SQLAlchemy 2 typed models. Import from here: ``from reportsvc.models import Report``."""

from .audit import AuditEvent
from .base import Base, utcnow
from .conferences import Child, Conference, Invitation
from .people import ROLE_LABELS, ROLES, Agency, ApiToken, Setting, User
from .qa import AuditSample, AuditSampleItem, ManualCriterion, ManualGrade
from .reports import REPORT_STATUSES, Assessment, CriterionResult, Finding, Report, ReportVersion
from .review import ATTENDANCE, Attendance, Chase, Dissent, GradeOverride, ReportReturn

__all__ = [
    "ATTENDANCE",
    "REPORT_STATUSES",
    "ROLES",
    "ROLE_LABELS",
    "Agency",
    "ApiToken",
    "Assessment",
    "Attendance",
    "AuditEvent",
    "AuditSample",
    "AuditSampleItem",
    "Base",
    "Chase",
    "Child",
    "Conference",
    "CriterionResult",
    "Dissent",
    "Finding",
    "GradeOverride",
    "Invitation",
    "ManualCriterion",
    "ManualGrade",
    "Report",
    "ReportReturn",
    "ReportVersion",
    "Setting",
    "User",
    "utcnow",
]

"""SQLAlchemy 2 typed models. Import from here: ``from reportsvc.models import Report``."""

from .audit import AuditEvent
from .base import Base, utcnow
from .conferences import Child, Conference, Invitation
from .people import ROLE_LABELS, ROLES, Agency, ApiToken, Setting, User
from .reports import REPORT_STATUSES, Assessment, CriterionResult, Finding, Report, ReportVersion

__all__ = [
    "REPORT_STATUSES",
    "ROLES",
    "ROLE_LABELS",
    "Agency",
    "ApiToken",
    "Assessment",
    "AuditEvent",
    "Base",
    "Child",
    "Conference",
    "CriterionResult",
    "Finding",
    "Invitation",
    "Report",
    "ReportVersion",
    "Setting",
    "User",
    "utcnow",
]

"""SQLAlchemy 2 typed models. Import from here: ``from reportsvc.models import Report``."""

from .audit import AuditEvent
from .base import Base, utcnow
from .conferences import (
    CONFERENCE_STATUSES,
    CONFERENCE_TYPES,
    SCHEDULING_KINDS,
    Child,
    Conference,
    ConferenceChild,
    HouseholdMember,
    Invitation,
)
from .mail import OutboxMail, WorkerHeartbeat
from .outcomes import (
    ALTERNATIVES,
    APPELLANTS,
    CATEGORIES,
    DECISIONS,
    Appeal,
    ChildOutcome,
    ConferenceOutcome,
    PlanAction,
)
from .people import (
    ROLE_LABELS,
    ROLES,
    Agency,
    ApiToken,
    RecoveryCode,
    Setting,
    SignInLink,
    User,
)
from .qa import AuditSample, AuditSampleItem, ManualCriterion, ManualGrade
from .reports import REPORT_STATUSES, Assessment, CriterionResult, Finding, Report, ReportVersion
from .review import ATTENDANCE, Attendance, Chase, Dissent, GradeOverride, ReportReturn

__all__ = [
    "ALTERNATIVES",
    "APPELLANTS",
    "ATTENDANCE",
    "CATEGORIES",
    "CONFERENCE_STATUSES",
    "CONFERENCE_TYPES",
    "DECISIONS",
    "REPORT_STATUSES",
    "ROLES",
    "ROLE_LABELS",
    "SCHEDULING_KINDS",
    "Agency",
    "ApiToken",
    "Appeal",
    "Assessment",
    "Attendance",
    "AuditEvent",
    "AuditSample",
    "AuditSampleItem",
    "Base",
    "Chase",
    "Child",
    "ChildOutcome",
    "Conference",
    "ConferenceChild",
    "ConferenceOutcome",
    "CriterionResult",
    "Dissent",
    "Finding",
    "GradeOverride",
    "HouseholdMember",
    "Invitation",
    "ManualCriterion",
    "ManualGrade",
    "OutboxMail",
    "PlanAction",
    "RecoveryCode",
    "Report",
    "ReportReturn",
    "ReportVersion",
    "Setting",
    "SignInLink",
    "User",
    "WorkerHeartbeat",
    "utcnow",
]

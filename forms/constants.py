"""Names shared by the templates, the report format and the scoring engine.

These mirror the "cpc-report/1" contract (docs/report-format.md) and the canonical check
ids in DESIGN.md; the template loader validates every YAML file against them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

AGENCY_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "gp": "GP practice",
        "school": "School",
        "health_visitor": "Health visiting",
        "school_nurse": "School nursing",
        "midwife": "Midwifery",
        "police": "Police",
        "camhs": "Child and adolescent mental health services (CAMHS)",
        "adult_mental_health": "Adult mental health services",
        "substance_misuse": "Drug and alcohol services",
        "housing": "Housing",
        "early_years": "Early years and nursery",
        "other": "Other service",
    }
)

CONFERENCE_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ICPC": "Initial child protection conference",
        "RCPC": "Review child protection conference",
    }
)

# In the order of the report format (a template orders its own sections).
SECTION_KEYS: Final[tuple[str, ...]] = (
    "reason_for_involvement",
    "worries",
    "working_well",
    "voice_of_child",
    "identity",
    "family_and_network",
    "previous_actions",
    "threshold_view",
    "reduce_worries",
    "service_actions",
    "alternative_views",
)

# cpc-report/2: the sections about one child live in that child; the rest are the family's.
CHILD_SECTION_KEYS: Final[tuple[str, ...]] = ("voice_of_child", "identity")
FAMILY_SECTION_KEYS: Final[tuple[str, ...]] = tuple(
    k for k in SECTION_KEYS if k not in CHILD_SECTION_KEYS
)

CHECK_IDS: Final[tuple[str, ...]] = (
    "vague-language",
    "threshold-rationale",
    "father-absent",
    "voice-of-child",
    "identity-reflection",
    "previous-actions",
    "smart-actions",
    "timeliness",
    "shared-with-family",
    "step-down-evidence",
)

# The report-document objects a template fieldset may describe, and the keys each allows
# (docs/report-format.md, including its compatible extensions). previous_actions entries
# are stored as the text layout of forms.previous_actions, not as an object.
DOCUMENT_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "child": frozenset(
            {
                "name",
                "date_of_birth",
                "ethnicity",
                "religion",
                "first_language",
                "interpreter_needed",
                "seen_alone",
            }
        ),
        "household": frozenset(
            {"name", "relationship", "lives_with_child", "seen", "views_sought", "report_shared"}
        ),
        "shared_with_family": frozenset(
            {"date", "method", "with_whom", "feedback", "reason_not_shared"}
        ),
        "previous_actions": frozenset({"action", "status", "barrier", "next_step"}),
    }
)

FIELD_KINDS: Final[tuple[str, ...]] = ("text", "textarea", "date", "yes_no", "choice")

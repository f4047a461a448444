"""Jinja filters for dates, grades and labels."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from forms import AGENCY_TYPES, CONFERENCE_TYPES
from reportsvc.palette import GRADE_STYLES, tag_class

LONDON = ZoneInfo("Europe/London")
GRADE_LABELS = {grade: style.label for grade, style in GRADE_STYLES.items()}
GRADE_TAGS = {grade: tag_class(grade) for grade in GRADE_STYLES}
CHECK_LABELS = {
    "vague-language": "Vague wording",
    "threshold-rationale": "Your view on significant harm",
    "father-absent": "Father or male carer",
    "father-addressed": "Father or male carer",
    "voice-of-child": "The child's voice",
    "identity-reflection": "Identity, culture and language",
    "previous-actions": "Actions from the last conference",
    "smart-actions": "Specific actions",
    "timeliness": "Sent on time",
    "shared-with-family": "Shared with the family",
    "step-down-evidence": "Evidence before stepping down",
    "readability": "Plain English",
    "jargon": "Jargon and acronyms",
    "unevidenced-opinion": "Opinion without evidence",
    "other-children": "Other children in the household",
    "copied-text": "Repeated text",
    "section-too-long": "Very long section",
}
STATUS_LABELS = {"draft": "Draft", "submitted": "Submitted", "returned": "Returned to author"}


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.strftime('%A')} {value.day} {value.strftime('%B %Y')}"


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value.strftime('%b %Y')}"


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime("%H:%M on ") + short_date(value)


def child_label(child: Any) -> str:
    """A child as pages name them: "Kai (born 3 May 2019)", "Unborn baby (due 20 June 2026)"."""
    if child.date_of_birth is not None:
        return f"{child.name} (born {long_date(child.date_of_birth)})"
    due = child.expected_date_of_delivery
    return f"{child.name} (unborn, due {long_date(due)})" if due else f"{child.name} (unborn)"


def join_names(names: list[str]) -> str:
    """["Kai", "Mia", "Leo"] -> "Kai, Mia and Leo"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def document_names(document: dict[str, Any]) -> str:
    """The names of the children a report document is about (either format)."""
    children = document.get("children")
    if isinstance(children, list):
        return join_names([str(c.get("name") or "") for c in children if isinstance(c, dict)])
    return str((document.get("child") or {}).get("name") or "")


def init_app(app: Flask) -> None:
    from reportsvc.highlight import segments

    app.add_template_global(segments, "highlight_segments")
    app.add_template_global(date.today, "today")
    app.add_template_global(
        lambda c: CHECK_LABELS.get(c, c.replace("-", " ").capitalize()), "check_label"
    )
    app.jinja_env.globals["child_sections"] = ("voice_of_child", "identity")
    app.add_template_filter(child_label)
    app.add_template_filter(document_names)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(local_time)
    app.add_template_filter(lambda g: GRADE_LABELS.get(g or "", "Not assessed"), "grade_label")
    app.add_template_filter(tag_class, "grade_tag")
    app.add_template_filter(lambda s: STATUS_LABELS.get(s, s), "status_label")
    app.add_template_filter(lambda a: AGENCY_TYPES.get(a, a), "agency_label")
    app.add_template_filter(lambda c: CONFERENCE_TYPES.get(c, c), "conference_label")

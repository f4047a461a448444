"""Jinja filters for dates, grades and labels."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from forms import AGENCY_TYPES, CONFERENCE_TYPES

LONDON = ZoneInfo("Europe/London")
GRADE_LABELS = {
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
GRADE_TAGS = {
    "good": "govuk-tag--green",
    "requires_improvement": "govuk-tag--yellow",
    "inadequate": "govuk-tag--red",
}
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


def init_app(app: Flask) -> None:
    from reportsvc.highlight import segments

    app.add_template_global(segments, "highlight_segments")
    app.add_template_global(date.today, "today")
    app.add_template_global(
        lambda c: CHECK_LABELS.get(c, c.replace("-", " ").capitalize()), "check_label"
    )
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(local_time)
    app.add_template_filter(lambda g: GRADE_LABELS.get(g or "", "Not assessed"), "grade_label")
    app.add_template_filter(lambda g: GRADE_TAGS.get(g or "", "govuk-tag--grey"), "grade_tag")
    app.add_template_filter(lambda s: STATUS_LABELS.get(s, s), "status_label")
    app.add_template_filter(lambda a: AGENCY_TYPES.get(a, a), "agency_label")
    app.add_template_filter(lambda c: CONFERENCE_TYPES.get(c, c), "conference_label")

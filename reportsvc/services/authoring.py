"""Turning the report form into a report document and back, and the submit rules.

The document is the contract (cpc-report/1, docs/report-format.md). Conference, agency
and child come from the database; everything else is the author's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import forms
from forms import previous_actions
from reportsvc.author.report_form import section_field_name
from reportsvc.models import Invitation, Report, User
from reportsvc.queries.common import latest_version
from reportsvc.sanitise import clean_text
from scoring.calendar import Timescales, working_days_between

FORMAT = "cpc-report/1"
PERSON_KEYS = ("name", "relationship", "lives_with_child", "seen", "views_sought", "report_shared")
SHARING_KEYS = ("date", "method", "with_whom", "feedback", "reason_not_shared")
CHILD_EXTRA = ("ethnicity", "religion", "first_language", "interpreter_needed", "seen_alone")


@dataclass(frozen=True)
class Problem:
    """A problem to show in the error summary: the field's id and a message."""

    field: str
    message: str


def template_for(invitation: Invitation) -> forms.Template:
    return forms.load_template(invitation.agency.type, invitation.conference.type)


def base_document(invitation: Invitation, user: User) -> dict[str, Any]:
    conference, child = invitation.conference, invitation.conference.child
    return {
        "format": FORMAT,
        "conference": {"type": conference.type, "date": conference.date.isoformat()},
        "agency": {"type": invitation.agency.type, "name": invitation.agency.name},
        "author": {"name": user.name, "role": ""},
        "submitted_on": None,
        "shared_with_family": None,
        "child": {
            "name": child.name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "ethnicity": child.ethnicity,
            "religion": child.religion,
            "first_language": child.first_language,
        },
        "household": [],
        "sections": {},
    }


def current_document(report: Report, user: User) -> dict[str, Any]:
    """The latest saved document, or a fresh one from the invitation."""
    latest = latest_version(report)
    if latest is not None:
        return dict(latest.document)
    return base_document(report.invitation, user)


def form_data(document: dict[str, Any], template: forms.Template, version: int) -> dict[str, Any]:
    """Values to fill the report form from a document."""
    sections = document.get("sections", {})
    data: dict[str, Any] = {
        "version": str(version),
        "author_name": document.get("author", {}).get("name", ""),
        "author_role": document.get("author", {}).get("role", ""),
        "child": {k: document.get("child", {}).get(k) for k in CHILD_EXTRA},
        "household": [dict(p) for p in document.get("household", [])] + [{}],
    }
    shared = document.get("shared_with_family") or {}
    data["sharing"] = {k: shared.get(k) for k in SHARING_KEYS}
    if shared.get("date"):
        data["sharing"]["date"] = date.fromisoformat(shared["date"])
    for section in template.sections:
        data[section_field_name(section.key)] = sections.get(section.key, "")
    if template.has_section("previous_actions"):
        text = sections.get("previous_actions", "")
        entries = previous_actions.parse(text) if previous_actions.is_structured(text) else []
        data["actions"] = [
            {"action": e.action, "status": e.status, "barrier": e.barrier, "next_step": e.next_step}
            for e in entries
        ] + [{}]
    return data


def actions_editable_as_entries(document: dict[str, Any]) -> bool:
    text = document.get("sections", {}).get("previous_actions", "")
    return not text.strip() or previous_actions.is_structured(text)


def document_from_form(
    form: Any, template: forms.Template, base: dict[str, Any], *, structured_actions: bool
) -> dict[str, Any]:
    doc = {k: v for k, v in base.items() if k in ("format", "conference", "agency")}
    doc["author"] = {
        "name": clean_text(form.author_name.data or ""),
        "role": clean_text(form.author_role.data or ""),
    }
    doc["submitted_on"] = None
    child = dict(base["child"])
    for key in CHILD_EXTRA:
        if key in form.child.form._fields:
            field = form.child.form[key]
            child[key] = (
                field.boolean if hasattr(field, "boolean") else clean_text(field.data or "")
            )
    doc["child"] = child
    doc["household"] = [_person(entry.form) for entry in form.household if _has_text(entry.form)]
    doc["shared_with_family"] = _sharing(form.sharing.form)
    sections: dict[str, str] = {}
    for section in template.sections:
        text = clean_text(form[section_field_name(section.key)].data or "")
        if section.key == "previous_actions" and structured_actions and "actions" in form:
            text = previous_actions.format(
                [_action(entry.form) for entry in form.actions if _has_text(entry.form)]
            )
        if text.strip():
            sections[section.key] = text
    doc["sections"] = sections
    return doc


def _has_text(subform: Any) -> bool:
    return any(
        field.type in ("StringField", "TextAreaField") and (field.data or "").strip()
        for field in subform
    )


def _person(subform: Any) -> dict[str, Any]:
    person: dict[str, Any] = {
        "name": clean_text(subform.name.data or ""),
        "relationship": clean_text(subform.relationship.data or ""),
        "lives_with_child": bool(subform.lives_with_child.boolean),
    }
    for key in ("seen", "views_sought", "report_shared"):
        if key in subform._fields:
            person[key] = subform[key].boolean
    return person


def _action(subform: Any) -> previous_actions.ActionEntry:
    return previous_actions.ActionEntry(
        action=clean_text(subform.action.data or ""),
        status=subform.status.data or None,
        barrier=clean_text(subform.barrier.data or ""),
        next_step=clean_text(subform.next_step.data or ""),
    )


def _sharing(subform: Any) -> dict[str, Any] | None:
    values = {
        k: clean_text(subform[k].data or "") for k in SHARING_KEYS if k != "date" and k in subform
    }
    shared_on = subform.date.data
    if shared_on is None and not any(v.strip() for v in values.values()):
        return None
    return {"date": shared_on.isoformat() if shared_on else None, **values}


def date_problems(form: Any, document: dict[str, Any], conference_date: date) -> list[Problem]:
    """Dates that are real but impossible for this report."""
    problems = []
    shared = document.get("shared_with_family") or {}
    if shared.get("date"):
        shared_on = date.fromisoformat(shared["date"])
        born = date.fromisoformat(document["child"]["date_of_birth"])
        if shared_on < born:
            problems.append(
                Problem("sharing-date", "Date shared must be on or after the child's date of birth")
            )
        if shared_on > date.today():
            problems.append(Problem("sharing-date", "Date shared must be today or in the past"))
        if shared_on > conference_date:
            problems.append(
                Problem("sharing-date", "Date shared must be before the conference date")
            )
    return problems


def submit_problems(document: dict[str, Any], template: forms.Template) -> list[Problem]:
    """What must be in a report before it can be submitted."""
    problems = []
    sections = document.get("sections", {})
    for section in template.sections:
        if section.required and not sections.get(section.key, "").strip():
            problems.append(
                Problem(
                    section_field_name(section.key),
                    f"Answer '{section.title.strip()}' before you submit",
                )
            )
    for n, person in enumerate(document.get("household", [])):
        if not person["name"].strip() or not person["relationship"].strip():
            problems.append(
                Problem(
                    f"household-{n}-name",
                    f"Give a name and a relationship for person {n + 1} in the household",
                )
            )
    if not document.get("household"):
        problems.append(
            Problem(
                "household-0-name",
                "Add the people in the child's household, including the father",
            )
        )
    shared = document.get("shared_with_family")
    if shared and not shared.get("date") and not shared.get("reason_not_shared", "").strip():
        problems.append(
            Problem("sharing-date", "Give the date you shared the report, or why you did not")
        )
    return problems


def timeliness_message(submitted: date, due: date, timescales: Timescales) -> str:
    if submitted <= due:
        return "Your report was submitted on time."
    late = working_days_between(due, submitted, timescales.region)
    days = "working day" if late == 1 else "working days"
    return f"Your report was submitted {late} {days} after the deadline."
